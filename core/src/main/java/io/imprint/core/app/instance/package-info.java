/**
 * Instance services: create with a boot volume, power actions, attachments. Uses {@code domain},
 * {@code port} and the {@code app} packages of disks, VPCs and resource groups.
 */
package io.imprint.core.app.instance;
