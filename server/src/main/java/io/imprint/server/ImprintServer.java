package io.imprint.server;

import io.imprint.core.app.common.Deployment;
import io.imprint.core.app.common.VirtualClock;
import io.imprint.core.app.content.ContentService;
import io.imprint.core.app.disk.DiskService;
import io.imprint.core.app.disk.MasterKey;
import io.imprint.core.app.encryption.KeyProtectedResources;
import io.imprint.core.app.event.EventDispatcher;
import io.imprint.core.app.event.EventRecorder;
import io.imprint.core.app.event.EventService;
import io.imprint.core.app.iam.AccessGroupService;
import io.imprint.core.app.iam.AccessService;
import io.imprint.core.app.iam.ApiKeyService;
import io.imprint.core.app.iam.IamService;
import io.imprint.core.app.iam.Placements;
import io.imprint.core.app.iam.PolicyService;
import io.imprint.core.app.iam.ServiceIdService;
import io.imprint.core.app.iam.UserService;
import io.imprint.core.app.image.ImageConsumers;
import io.imprint.core.app.image.ImageService;
import io.imprint.core.app.image.LifecycleTask;
import io.imprint.core.app.instance.InstanceService;
import io.imprint.core.app.job.JobRunner;
import io.imprint.core.app.job.Schedule;
import io.imprint.core.app.kms.KeyService;
import io.imprint.core.app.resourcegroup.ResourceGroupService;
import io.imprint.core.app.tag.TagService;
import io.imprint.core.app.volume.VolumeService;
import io.imprint.core.app.vpc.VpcService;
import io.imprint.core.domain.catalog.Catalog;
import io.imprint.core.domain.common.ApiException;
import io.imprint.core.domain.common.ErrorCode;
import io.imprint.core.domain.common.Target;
import io.imprint.core.domain.region.Region;
import io.imprint.core.port.EventSink;
import io.imprint.core.port.Store;
import io.imprint.server.api.AccessGroupsApi;
import io.imprint.server.api.ApiKeysApi;
import io.imprint.server.api.CatalogApi;
import io.imprint.server.api.ClockApi;
import io.imprint.server.api.ConsumersApi;
import io.imprint.server.api.ContentApi;
import io.imprint.server.api.EventsApi;
import io.imprint.server.api.IamManagementApis;
import io.imprint.server.api.IdentityApi;
import io.imprint.server.api.ImagesApi;
import io.imprint.server.api.InstancesApi;
import io.imprint.server.api.KeysApi;
import io.imprint.server.api.OpenApiApi;
import io.imprint.server.api.PoliciesApi;
import io.imprint.server.api.RegionsApi;
import io.imprint.server.api.ResourceGroupsApi;
import io.imprint.server.api.ServiceIdsApi;
import io.imprint.server.api.SubnetsApi;
import io.imprint.server.api.TagsApi;
import io.imprint.server.api.UsersApi;
import io.imprint.server.api.VolumesApi;
import io.imprint.server.api.VpcsApi;
import io.imprint.server.config.Config;
import io.imprint.server.events.EventDeliveryLoop;
import io.imprint.server.events.JsonLinesFileSink;
import io.imprint.server.events.LogSink;
import io.imprint.server.http.CallContexts;
import io.imprint.server.http.Console;
import io.imprint.server.http.ErrorMapper;
import io.imprint.server.http.Http;
import io.imprint.server.http.JettyErrors;
import io.imprint.server.http.Refusals;
import io.imprint.server.http.RequestIds;
import io.imprint.server.http.Route;
import io.imprint.server.iam.Authorizer;
import io.imprint.server.iam.TokenThrottle;
import io.imprint.server.iam.Tokens;
import io.imprint.server.wire.ImageJson;
import io.imprint.server.wire.InstanceJson;
import io.imprint.server.wire.Json;
import io.imprint.server.wire.Links;
import io.imprint.server.wire.PageTokens;
import io.imprint.server.wire.VolumeJson;
import io.imprint.store.PrivateFiles;
import io.imprint.store.blob.LocalBlobStore;
import io.imprint.store.jdbc.JdbcStore;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Imprint server: wires the store, the services and the HTTP layer by hand, in one place.
 * {@link #start} binds the port (0 picks a free one) and {@link #close} shuts down gracefully:
 * in-flight requests finish, then the store closes.
 */
public final class ImprintServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ImprintServer.class);
  private static final Logger access = LoggerFactory.getLogger("imprint.access");

  private final Config config;
  private final Store store;
  private final DiskService disks;
  private final JobRunner jobs;
  private final VirtualClock virtualClock;
  private final ImageService images;
  private final EventRecorder events;
  private final EventDispatcher eventDispatcher;
  private final EventDeliveryLoop eventDelivery;
  private final JsonLinesFileSink eventFile;
  private final PrometheusMeterRegistry metrics =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Javalin app;
  private final InstanceService instanceService;
  private final KeyService keys;
  private final List<Route> routes;
  private IamService iam;
  private Tokens tokens;
  private AccessService accessService;
  private final Authorizer authorizer;

  /** The route label of a request no route serves. */
  private static final String UNMATCHED = "unmatched";

  private volatile String baseUrl;

  public ImprintServer(Config config, InstantSource systemClock) {
    this.config = config;
    long t0 = System.nanoTime();
    this.store = openStore(config);
    long tStore = System.nanoTime();
    // with clock=virtual every rule that reads the time reads a clock operators can move forward
    this.virtualClock = config.virtualClock() ? virtualClock(store, systemClock) : null;
    InstantSource clock = virtualClock != null ? virtualClock : systemClock;
    var region = Region.of(config.region(), config.zoneCount());
    var deployment =
        new Deployment(
            region, config.accountId(), config.providerAccountId(), clock, new SecureRandom());
    MasterKey masterKey;
    try {
      masterKey = new MasterKey(MasterKeys.load(config));
      MasterKeys.requireSameKey(store, masterKey);
      this.disks =
          new DiskService(
              store,
              new LocalBlobStore(config.dataDir().resolve("blobs"), config.blobDirectWrites()),
              masterKey,
              deployment,
              DiskService.bufferBytesOfHeap(),
              config.bufferWait());
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
    this.disks.recover();
    long tDisks = System.nanoTime();
    var catalog = new Catalog();
    this.events = new EventRecorder(store, deployment);
    var sinks = new ArrayList<EventSink>();
    var eventSettings = config.events();
    this.eventFile =
        eventSettings.file() == null
            ? null
            : new JsonLinesFileSink(
                eventSettings.file(), eventSettings.fileMaxBytes(), eventSettings.fileKeep());
    if (eventFile != null) {
      sinks.add(eventFile);
    }
    sinks.add(new LogSink());
    this.eventDispatcher = new EventDispatcher(store, deployment, sinks, eventSettings.retention());
    this.eventDelivery = new EventDeliveryLoop(eventDispatcher, Duration.ofSeconds(1));
    events.onCommitted(committed -> eventDelivery.wake());
    // a membership or identity change moves what callers hold as a policy change does
    events.onCommitted(
        committed -> {
          if (accessService != null
              && committed.stream()
                  .anyMatch(
                      e ->
                          e.action().startsWith("iam-groups.")
                              || e.action().startsWith("iam-identity."))) {
            accessService.changed();
          }
        });
    var groups = new ResourceGroupService(store, deployment, events);
    var vpcs = new VpcService(store, deployment, events);
    this.jobs =
        new JobRunner(
            store,
            deployment,
            systemClock,
            config.jobWorkers(),
            config.jobLease(),
            Duration.ofSeconds(1),
            config.jobStallLimit());
    createImportDirectory(config);
    this.images =
        new ImageService(store, deployment, catalog, disks, jobs, config.importDir(), events);
    jobs.register(images.importJob());
    jobs.register(images.captureJob());
    jobs.recurring(
        "event.retention", Schedule.every(Duration.ofHours(1)), eventDispatcher::purgeExpired);
    LifecycleTask.register(
        jobs, images.lifecycle(), Duration.ofSeconds(1), config.lifecycleWarnings());
    if (virtualClock != null) {
      virtualClock.onChange(jobs::clockMoved);
    }
    var volumes = new VolumeService(store, deployment, catalog, disks, events);
    this.instanceService =
        new InstanceService(
            store, deployment, catalog, disks, events, jobs, config.instanceSettleStep());
    jobs.register(instanceService.power().settleJob());
    this.keys = new KeyService(store, deployment, events, jobs, masterKey);
    jobs.register(keys.rewrapJob());
    disks.keys().useCustomerKeys(keys.customerKeys());
    keys.onStateChange(new KeyProtectedResources(events, disks, images.captures(), clock));
    var content = new ContentService(store, disks, config.dataDir().resolve("tmp"));
    instanceService.awaitStockContentWith(images.stock()::awaitStockContent);
    content.awaitStockContentWith(images.stock()::awaitStockContent);

    var defaultGroupId = groups.ensureDefaultResourceGroup().id();
    vpcs.ensureDefaultNetwork();
    images.stock().ensureStockImages();
    long tCatalog = System.nanoTime();
    log.info(
        "start-up: metadata store {} ms, disk recovery {} ms, defaults and stock images {} ms",
        (tStore - t0) / 1_000_000,
        (tDisks - tStore) / 1_000_000,
        (tCatalog - tDisks) / 1_000_000);

    openIam(deployment, masterKey, systemClock);
    var links = new Links(() -> baseUrl, region, config.accountId());
    var http =
        new Http(links, new PageTokens(pageTokenKey(config)), groups, clock, config.maxBodyBytes());
    this.routes =
        Routes.all(
            new Routes.Apis(
                new RegionsApi(http, region),
                new ResourceGroupsApi(http, groups),
                new CatalogApi(http, catalog),
                new VpcsApi(http, vpcs),
                new SubnetsApi(http, vpcs),
                new ImagesApi(
                    http,
                    images,
                    images.captures(),
                    images.lifecycle(),
                    new ImageJson(catalog, region, config.accountId(), volumes::exists)),
                new VolumesApi(http, volumes, new VolumeJson(catalog, images::exists), catalog),
                new InstancesApi(http, instanceService, new InstanceJson(catalog, images::exists)),
                new ContentApi(http, content),
                new ClockApi(http, virtualClock),
                new ConsumersApi(http, new ImageConsumers(store)),
                new EventsApi(http, new EventService(store)),
                new IdentityApi(
                    http,
                    iam,
                    tokens,
                    config.accountId(),
                    config.iam().tokenTtl(),
                    iamBootstrapped::join,
                    new TokenThrottle(metrics)),
                new PoliciesApi(
                    http,
                    new PolicyService(store, deployment, events, accessService),
                    config.accountId()),
                new TagsApi(http, new TagService(store, deployment, events)),
                iamManagementApis(http, deployment, events),
                new KeysApi(http, keys),
                new OpenApiApi(this::routes)));
    this.authorizer =
        new Authorizer(
            config.iam().enabled(),
            tokens,
            accessService,
            new Placements(store),
            http,
            () -> defaultGroupId,
            systemClock);
    var errors = new ErrorMapper(Json.MAPPER, links, new Refusals(routes, events));
    this.app = createApp(http, errors);
  }

  private Javalin createApp(Http http, ErrorMapper errors) {
    var app =
        Javalin.create(
            c -> {
              c.showJavalinBanner = false;
              c.useVirtualThreads = true;
              c.http.maxRequestSize = config.maxBodyBytes();
              c.http.prefer405over404 = true;
              // disk content is streamed with an exact Content-Length; compressing it would cost
              // CPU for nothing
              c.http.disableCompression();
              c.router.ignoreTrailingSlashes = true;
              Console.serve(c);
              c.jetty.defaultHost = config.bind();
              c.jetty.defaultPort = config.port();
              // Jetty's own refusals (a URI too long, a request line it cannot parse) in IBM's
              // JSON, counted like every other answer
              var jettyErrors =
                  new JettyErrors(
                      errors, status -> recordRequest("-", "-", UNMATCHED, status, 0, "-"));
              c.jetty.modifyServer(server -> server.setErrorHandler(jettyErrors));
              c.jetty.modifyServletContextHandler(handler -> handler.setErrorHandler(jettyErrors));
              c.requestLogger.http(
                  (ctx, ms) ->
                      recordRequest(
                          ctx.method().name(),
                          ctx.path(),
                          routeOf(ctx),
                          ctx.status().getCode(),
                          ms,
                          RequestIds.of(ctx)));
            });
    app.before(RequestIds::assign);
    app.before(CallContexts::begin);
    app.after(CallContexts::end);
    app.before(
        ctx -> {
          // content uploads are bounded by the volume's capacity instead
          if (!ctx.path().endsWith("/content")
              && ctx.req().getContentLengthLong() > config.maxBodyBytes()) {
            throw new HttpResponseException(413, "body too large");
          }
        });
    app.before(ImprintServer::requireKnownTransferCodings);
    app.before(Http::requireDecodableTarget);
    app.before("/v1/*", http::checkVersion);
    app.before(Console.PATH, Console::secure);
    app.before(Console.PATH + "/*", Console::secure);
    app.get("/healthz", ctx -> ctx.json(Map.of("status", "ok")));
    app.get(
        "/metrics",
        ctx ->
            ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape()));
    for (var route : routes) {
      app.addHttpHandler(route.method(), route.path(), authorizer.guard(route));
    }
    app.exception(ApiException.class, (e, ctx) -> errors.render(ctx, e));
    app.exception(HttpResponseException.class, (e, ctx) -> errors.renderJavalin(ctx, e));
    app.exception(IOException.class, (e, ctx) -> errors.renderIo(ctx, e));
    app.exception(Exception.class, (e, ctx) -> errors.renderUnexpected(ctx, e));
    app.error(404, errors::renderStatus);
    app.error(405, errors::renderStatus);
    return app;
  }

  public ImprintServer start() {
    if (!config.iam().enabled()) {
      log.warn(
          "AUTHENTICATION IS OFF (auth: none): anyone who reaches {}:{} may do anything, and"
              + " events name no one. For local play only; remove 'auth: none' to require IAM"
              + " tokens.",
          config.bind(),
          config.port());
    }
    app.start();
    var host = config.bind().contains(":") ? "[" + config.bind() + "]" : config.bind();
    baseUrl = config.publicUrlOr("http://" + host + ":" + app.port());
    images.stock().writeStockContent();
    Thread.ofPlatform()
        .daemon()
        .name("imprint-iam-bootstrap")
        .start(
            () -> {
              try {
                iamBootstrap.run();
                iamBootstrapped.complete(null);
              } catch (RuntimeException e) {
                log.error("IAM: the first start's administrator could not be made", e);
                iamBootstrapped.completeExceptionally(e);
              }
            });
    Thread.ofPlatform()
        .daemon()
        .name("imprint-warm-up")
        .start(
            () -> {
              long t0 = System.nanoTime();
              disks.warmUp();
              log.debug(
                  "AES-GCM and SHA-256 warmed up in {} ms", (System.nanoTime() - t0) / 1_000_000);
            });
    jobs.start();
    eventDelivery.start();
    int resumed = instanceService.power().resumeTransitions();
    if (resumed > 0) {
      log.info("resuming {} instance(s) that were changing power state", resumed);
    }
    return this;
  }

  public int port() {
    return app.port();
  }

  public String baseUrl() {
    return baseUrl;
  }

  public Store store() {
    return store;
  }

  /** Key Protect's root keys: what images and volumes register with. */
  public KeyService keys() {
    return keys;
  }

  public DiskService disks() {
    return disks;
  }

  public ImageService images() {
    return images;
  }

  public JobRunner jobs() {
    return jobs;
  }

  public EventRecorder events() {
    return events;
  }

  /** The event dispatcher; tests deliver at once through it instead of waiting for the loop. */
  public EventDispatcher eventDispatcher() {
    return eventDispatcher;
  }

  /** The account's identities (tests find the administrator through it). */
  public IamService iam() {
    return iam;
  }

  /** The token issuer (tests sign their callers' tokens with it). */
  public Tokens tokens() {
    return tokens;
  }

  /** Forgets what callers were known to hold: a test wrote a policy past the API. */
  public void accessChanged() {
    accessService.changed();
  }

  /** Returns once the first start's administrator exists. */
  public void awaitIamBootstrap() {
    iamBootstrapped.join();
  }

  public List<Route> routes() {
    return routes;
  }

  @Override
  public void close() {
    app.stop();
    jobs.close();
    if (baseUrl != null) {
      // a first start may still be writing the stock sample disks; cut off, they would leave a
      // reserved blob behind
      try {
        images.stock().awaitStockContent();
      } catch (IllegalStateException e) {
        log.warn(
            "stopping while the stock sample disks are still being written; the next start finishes them");
      }
    }
    if (baseUrl != null) {
      // the first start's IAM records are written beside the serving; the store stays open for
      // them (a hash and two rows: well under a second)
      try {
        iamBootstrapped.get(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (ExecutionException | TimeoutException e) {
        log.warn("stopping before the first start's IAM records were written", e);
      }
    }
    eventDelivery.close();
    if (eventFile != null) {
      eventFile.close();
    }
    store.close();
  }

  /**
   * One answered request in the metrics (by route: a bounded set of labels) and the access log (by
   * path, cut to 256 characters, then route).
   */
  private void recordRequest(
      String method, String path, String route, int status, float ms, String requestId) {
    Timer.builder("http.server.requests")
        .tag("method", method)
        .tag("route", route)
        .tag("status", Integer.toString(status))
        .register(metrics)
        .record((long) (ms * 1_000_000), TimeUnit.NANOSECONDS);
    access.info(
        "{} {} {} {}ms {} {}",
        method,
        path.length() > 256 ? path.substring(0, 256) + "…" : path,
        status,
        String.format("%.1f", ms),
        requestId,
        route);
  }

  /**
   * The route that served the request, or, for a request refused before routing (a body too large,
   * a bad version), the route its path would have reached; {@value #UNMATCHED} when none would.
   */
  private String routeOf(Context ctx) {
    try {
      var path = ctx.endpointHandlerPath();
      // a before handler's path ("/v1/*") is no endpoint
      if (path != null && !path.isEmpty() && !path.contains("*")) {
        return path;
      }
    } catch (RuntimeException e) {
      // no endpoint matched (yet): found by the path below
    }
    var method = ctx.method();
    return routes.stream()
        .filter(r -> r.method() == method && matches(r.path(), ctx.path()))
        .map(Route::path)
        .findFirst()
        .orElse(UNMATCHED);
  }

  /** Whether {@code path} fits {@code pattern}, where a {@code {name}} segment fits any one. */
  private static boolean matches(String pattern, String path) {
    var want = pattern.split("/", -1);
    var have = (path.endsWith("/") ? path.substring(0, path.length() - 1) : path).split("/", -1);
    if (want.length != have.length) {
      return false;
    }
    for (int i = 0; i < want.length; i++) {
      if (!(want[i].startsWith("{") ? !have[i].isEmpty() : want[i].equals(have[i]))) {
        return false;
      }
    }
    return true;
  }

  /**
   * A body in a transfer coding other than chunked (gzip, deflate, …) would be read as if it were
   * plain: 501, as RFC 9112 asks of a server that does not understand it.
   */
  private static void requireKnownTransferCodings(Context ctx) {
    var codings = ctx.header("Transfer-Encoding");
    if (codings == null) {
      return;
    }
    for (var coding : codings.split(",")) {
      if (!coding.trim().equalsIgnoreCase("chunked")) {
        throw new ApiException(
            ErrorCode.NOT_IMPLEMENTED,
            "The transfer coding "
                + coding.trim()
                + " is not supported: send the body with a Content-Length, or chunked.",
            Target.header("Transfer-Encoding", codings));
      }
    }
  }

  /**
   * The import directory, 0700 when it is Imprint's own (made here, or inside the data dir); a
   * configured directory elsewhere that exists keeps its mode, as others may share it on purpose.
   */
  private static void createImportDirectory(Config config) {
    var dir = config.importDir().toAbsolutePath();
    try {
      if (!Files.isDirectory(dir) || dir.startsWith(config.dataDir().toAbsolutePath())) {
        PrivateFiles.directory(dir);
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot create " + dir, e);
    }
  }

  /**
   * IAM: the account's identities and policies, the tokens that name a caller, and the gate every
   * route passes. At the first start it makes the administrator and prints its API key, once.
   * Tokens keep real time, whatever the clock setting.
   */
  private void openIam(Deployment deployment, MasterKey masterKey, InstantSource realTime) {
    this.iam = new IamService(store, deployment);
    // the first key's slow hash runs once the server listens (start), not in the way of its start;
    // the token endpoint awaits it
    iamBootstrap =
        () ->
            iam.bootstrap(config.iam().bootstrapApiKey())
                .ifPresent(
                    key ->
                        log.warn(
                            "IAM: the account's administrator ({}) was made; its API key, shown"
                                + " only this once: {}",
                            IamService.ADMINISTRATOR,
                            config.iam().bootstrapApiKey() == null
                                ? key
                                : "(the bootstrap-apikey setting)"));
    this.tokens = Tokens.open(store, masterKey, TOKEN_ISSUER, realTime);
    this.accessService = new AccessService(store);
  }

  private IamManagementApis iamManagementApis(
      Http http, Deployment deployment, EventRecorder events) {
    var account = deployment.accountId();
    return new IamManagementApis(
        new ServiceIdsApi(http, new ServiceIdService(store, deployment, events), account),
        new ApiKeysApi(http, new ApiKeyService(store, deployment, events), account),
        new AccessGroupsApi(http, new AccessGroupService(store, deployment, events), account),
        new UsersApi(http, new UserService(store, deployment, events)));
  }

  /** Makes the first start's administrator; run by {@link #start}. */
  private Runnable iamBootstrap = () -> {};

  private final CompletableFuture<Void> iamBootstrapped = new CompletableFuture<>();

  /** The {@code iss} of Imprint's tokens. */
  static final String TOKEN_ISSUER = "imprint-iam";

  /**
   * The virtual clock where the last run left it: its offset is kept in the store, written before
   * each move takes effect, so a restart never rolls time back.
   */
  private static VirtualClock virtualClock(Store store, InstantSource systemClock) {
    try {
      var kept =
          store
              .read(tx -> tx.settings().get(VirtualClock.OFFSET_SETTING))
              .map(Duration::parse)
              .orElse(Duration.ZERO);
      return new VirtualClock(
          systemClock,
          kept,
          offset ->
              store.write(
                  tx -> {
                    tx.settings().put(VirtualClock.OFFSET_SETTING, offset.toString());
                    return null;
                  }));
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
  }

  private static Store openStore(Config config) {
    return switch (config.store()) {
      case SQLITE -> JdbcStore.sqlite(config.dataDir().resolve("imprint.db"));
      case POSTGRES ->
          JdbcStore.postgres(
              config.postgresUrl(), config.postgresUser(), config.postgresPassword());
    };
  }

  /**
   * The key that signs page tokens: from configuration when several nodes must accept each other's
   * tokens, else a random key kept in the data dir (0600) so that tokens survive a restart.
   */
  private static byte[] pageTokenKey(Config config) {
    if (config.pageTokenSecret() != null) {
      return config.pageTokenSecret().getBytes(StandardCharsets.UTF_8);
    }
    var file = config.dataDir().resolve("page-token.key");
    try {
      if (Files.exists(file)) {
        return Files.readAllBytes(file);
      }
      var key = new byte[32];
      new SecureRandom().nextBytes(key);
      var tmp =
          Files.createTempFile(
              config.dataDir(),
              ".page-token",
              ".tmp",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.write(tmp, key);
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
      return key;
    } catch (IOException e) {
      throw new IllegalStateException("cannot keep the page token key in " + file, e);
    }
  }
}
