/** Reading and writing qcow2 images as streams. Uses only the JDK. */
package io.imprint.core.app.disk.qcow2;
