// Offline checks of what `./mvnw package` generates for Kubernetes (no API server, no helm binary needed):
//
//   1. every document of target/kubernetes/kubernetes.yml is validated against the Kubernetes OpenAPI schemas
//      (kubernetes-models' validate(), which throws on a wrong type, a missing required field or a bad format);
//   2. the Helm chart's values.yaml is validated against the chart's values.schema.json (ajv), and its templates
//      are rendered with those values and validated as in 1;
//   3. the service's own rules for a deployment (docs/operations.md, "Kubernetes") are asserted on both: 3 replicas, surge
//      without unavailability, the three probes on the health endpoints, requests and limits, non-root, a
//      read-only root file system, the Service, PodDisruptionBudget and HorizontalPodAutoscaler, settings from the
//      Secret and the ConfigMap.
//
// `node check.mjs --self-test` proves the checks can fail: it breaks copies of the manifests one way at a time and
// expects every broken copy to be refused.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseAllDocuments, parse } from "yaml";
import Ajv from "ajv";

const root = new URL("..", import.meta.url).pathname;
const manifestsFile = join(root, "target/kubernetes/kubernetes.yml");
const chartDir = join(root, "target/helm/kubernetes/subscription-upgrade-service");
const NAME = "subscription-upgrade-service";
const SECRET = "subscription-upgrade-service-db";
const CONFIG_MAP = "subscription-upgrade-service-config";

// apiVersion/kind -> the kubernetes-models class that validates it.
async function modelFor(apiVersion, kind) {
  const group = apiVersion.includes("/") ? apiVersion : `core/${apiVersion}`;
  const [g, v] = group.split("/");
  const path = g === "core" ? `kubernetes-models/${v}/${kind}` : `kubernetes-models/${g}/${v}/${kind}`;
  try {
    return (await import(path))[kind];
  } catch (e) {
    throw new Error(`no Kubernetes schema for ${apiVersion} ${kind} (${e.message})`);
  }
}

async function validateSchemas(docs, where) {
  for (const doc of docs) {
    if (!doc || typeof doc !== "object") throw new Error(`${where}: a document is not an object`);
    const Model = await modelFor(doc.apiVersion, doc.kind);
    try {
      new Model(doc).validate();
    } catch (e) {
      throw new Error(`${where}: ${doc.kind} ${doc.metadata?.name}: ${e.message}`);
    }
  }
}

function expect(condition, message) {
  if (!condition) throw new Error(message);
}

// The deployment rules docs/operations.md promises; the Kubernetes schemas cannot say any of them.
function checkRules(docs, where) {
  const byKind = (kind) => docs.filter((d) => d.kind === kind);
  const one = (kind) => {
    const found = byKind(kind);
    expect(found.length === 1, `${where}: expected one ${kind}, found ${found.length}`);
    return found[0];
  };
  const deployment = one("Deployment");
  const spec = deployment.spec;
  expect(spec.replicas === 3, `${where}: Deployment replicas ${spec.replicas}, expected 3`);
  const rolling = spec.strategy?.rollingUpdate ?? {};
  expect(spec.strategy?.type === "RollingUpdate" && `${rolling.maxUnavailable}` === "0" && `${rolling.maxSurge}` === "1",
    `${where}: rollout must surge by 1 with maxUnavailable 0`);
  const pod = spec.template.spec;
  expect(pod.securityContext?.runAsNonRoot === true && pod.securityContext?.runAsUser === 185,
    `${where}: the pod must run as non-root uid 185`);
  const containers = pod.containers ?? [];
  expect(containers.length === 1, `${where}: expected one container, found ${containers.length}`);
  const c = containers[0];
  const sc = c.securityContext ?? {};
  expect(sc.readOnlyRootFilesystem === true, `${where}: the root file system must be read-only`);
  expect(sc.allowPrivilegeEscalation === false, `${where}: privilege escalation must be off`);
  expect((sc.capabilities?.drop ?? []).includes("ALL"), `${where}: all capabilities must be dropped`);
  const tmp = (c.volumeMounts ?? []).find((m) => m.mountPath === "/tmp");
  expect(tmp && (pod.volumes ?? []).some((v) => v.name === tmp.name && v.emptyDir),
    `${where}: /tmp must be a writable emptyDir`);
  const probes = { startupProbe: "/q/health/started", livenessProbe: "/q/health/live", readinessProbe: "/q/health/ready" };
  for (const [probe, path] of Object.entries(probes)) {
    expect(c[probe]?.httpGet?.path === path, `${where}: ${probe} must GET ${path}, has ${c[probe]?.httpGet?.path}`);
    const port = c[probe]?.httpGet?.port;
    expect(port === 8080 || port === "http", `${where}: ${probe} must use the main port (health is not on the management port), has ${port}`);
  }
  const httpPort = (c.ports ?? []).find((p) => p.name === "http")?.containerPort;
  expect(httpPort === 8080, `${where}: container port http must be 8080`);
  const mgmtPort = (c.ports ?? []).find((p) => p.name === "management")?.containerPort;
  const annotations = spec.template.metadata?.annotations ?? {};
  expect(mgmtPort === 9000 && annotations["prometheus.io/port"] === "9000" && annotations["prometheus.io/path"] === "/q/metrics",
    `${where}: metrics must be scraped from the management port 9000 (/q/metrics)`);
  const r = c.resources ?? {};
  for (const key of ["requests.cpu", "requests.memory", "limits.cpu", "limits.memory"]) {
    const [a, b] = key.split(".");
    expect(r[a]?.[b] !== undefined, `${where}: resources.${key} must be set`);
  }
  expect(r.limits.memory === "400Mi" && r.requests.memory === "320Mi",
    `${where}: memory request/limit must be 320Mi/400Mi (the benchmark's RSS), has ${r.requests.memory}/${r.limits.memory}`);
  const env = c.env ?? [];
  for (const [name, key] of [["QUARKUS_DATASOURCE_JDBC_URL", "jdbc-uri"], ["QUARKUS_DATASOURCE_USERNAME", "username"],
    ["QUARKUS_DATASOURCE_PASSWORD", "password"]]) {
    const ref = env.find((e) => e.name === name)?.valueFrom?.secretKeyRef;
    expect(ref?.name === SECRET && ref?.key === key, `${where}: ${name} must come from Secret ${SECRET} key ${key}`);
  }
  expect((c.envFrom ?? []).some((e) => e.configMapRef?.name === CONFIG_MAP),
    `${where}: the settings must come from ConfigMap ${CONFIG_MAP}`);

  const service = one("Service");
  const svcPort = service.spec.ports?.find((p) => p.name === "http");
  expect(svcPort && `${svcPort.targetPort}` === "8080" || svcPort?.targetPort === "http",
    `${where}: the Service must forward to the container's 8080`);
  const labels = spec.template.metadata?.labels ?? {};
  for (const [k, v] of Object.entries(service.spec.selector ?? {})) {
    expect(labels[k] === v, `${where}: the Service selector ${k}=${v} matches no pod label`);
  }
  const pdb = one("PodDisruptionBudget");
  expect(pdb.spec.maxUnavailable === 1, `${where}: the PodDisruptionBudget must allow at most 1 unavailable`);
  for (const [k, v] of Object.entries(pdb.spec.selector?.matchLabels ?? {})) {
    expect(labels[k] === v, `${where}: the PodDisruptionBudget selector ${k}=${v} matches no pod label`);
  }
  const hpa = one("HorizontalPodAutoscaler");
  expect(hpa.spec.scaleTargetRef?.kind === "Deployment" && hpa.spec.scaleTargetRef?.name === deployment.metadata.name,
    `${where}: the HorizontalPodAutoscaler must scale the Deployment`);
  expect(hpa.spec.minReplicas === 3 && hpa.spec.maxReplicas >= 3,
    `${where}: the HorizontalPodAutoscaler must keep at least 3 replicas`);
}

// A Helm template renderer for the subset quarkus-helm writes: `{{ .Values.a.b }}`, optionally `| quote`. Anything
// else is refused, so a new construct fails this check instead of passing unrendered.
function render(template, values, file) {
  return template.replace(/{{-?\s*(.*?)\s*-?}}/g, (_, expr) => {
    const m = /^\.Values\.([A-Za-z0-9_.]+)(\s*\|\s*quote)?$/.exec(expr);
    if (!m) throw new Error(`${file}: template expression not understood by this check: {{ ${expr} }}`);
    const value = m[1].split(".").reduce((o, k) => (o == null ? undefined : o[k]), values);
    if (value === undefined) throw new Error(`${file}: .Values.${m[1]} is not in values.yaml`);
    return m[2] ? JSON.stringify(String(value)) : String(value);
  });
}

function chartDocs(chart) {
  const docs = [];
  for (const [file, text] of Object.entries(chart.templates)) {
    if (!file.endsWith(".yaml")) continue;
    for (const d of parseAllDocuments(render(text, chart.values, file))) {
      if (d.errors.length) throw new Error(`${file}: ${d.errors[0].message}`);
      const js = d.toJS();
      if (js) docs.push(js);
    }
  }
  return docs;
}

function checkValues(chart) {
  const ajv = new Ajv({ allErrors: true, strict: false });
  const schema = { ...chart.schema };
  delete schema.$schema; // draft-07 is ajv's default; its URL form here has an https scheme ajv does not know
  const validate = ajv.compile(schema);
  if (!validate(chart.values)) {
    throw new Error(`values.yaml does not match values.schema.json: ${ajv.errorsText(validate.errors)}`);
  }
}

function loadManifests() {
  return parseAllDocuments(readFileSync(manifestsFile, "utf8")).map((d) => d.toJS()).filter(Boolean);
}

function loadChart() {
  const read = (f) => readFileSync(join(chartDir, f), "utf8");
  const chartYaml = parse(read("Chart.yaml"));
  expect(chartYaml.apiVersion === "v2" && chartYaml.name === NAME && /^\d+\.\d+\.\d+/.test(chartYaml.version),
    "Chart.yaml must be an apiVersion v2 chart named " + NAME + " with a semantic version");
  const templates = {};
  for (const f of ["deployment.yaml", "service.yaml", "poddisruptionbudget.yaml", "horizontalpodautoscaler.yaml"]) {
    templates[f] = read(join("templates", f));
  }
  return { values: parse(read("values.yaml")), schema: JSON.parse(read("values.schema.json")), templates };
}

async function checkAll(manifests, chart) {
  await validateSchemas(manifests, "kubernetes.yml");
  checkRules(manifests, "kubernetes.yml");
  checkValues(chart);
  const rendered = chartDocs(chart);
  await validateSchemas(rendered, "helm chart");
  checkRules(rendered, "helm chart");
  return rendered.length;
}

// Each entry breaks a fresh copy one way; every one must be refused.
const breakages = [
  ["replicas as a string (schema)", (m) => { dep(m).spec.replicas = "three"; }],
  ["container without a name (schema)", (m) => { delete container(m).name; }],
  ["container port as a string (schema)", (m) => { container(m).ports[0].containerPort = "http"; }],
  ["restartPolicy not an enum value (schema)", (m) => { dep(m).spec.template.spec.restartPolicy = "Sometimes"; }],
  ["probe period as a string (schema)", (m) => { container(m).readinessProbe.periodSeconds = "2s"; }],
  ["Service without ports' port (schema)", (m) => { delete kind(m, "Service").spec.ports[0].port; }],
  ["HPA without scaleTargetRef (schema)", (m) => { delete kind(m, "HorizontalPodAutoscaler").spec.scaleTargetRef; }],
  ["HPA maxReplicas missing (schema)", (m) => { delete kind(m, "HorizontalPodAutoscaler").spec.maxReplicas; }],
  ["unknown kind", (m) => { m.push({ apiVersion: "apps/v1", kind: "Deploymnet", metadata: { name: "x" } }); }],
  ["env entry without a name (schema)", (m) => { delete container(m).env[0].name; }],
  ["2 replicas", (m) => { dep(m).spec.replicas = 2; }],
  ["maxUnavailable 1", (m) => { dep(m).spec.strategy.rollingUpdate.maxUnavailable = 1; }],
  ["writable root file system", (m) => { container(m).securityContext.readOnlyRootFilesystem = false; }],
  ["misspelt readOnlyRootFileSystem", (m) => {
    const sc = container(m).securityContext; delete sc.readOnlyRootFilesystem; sc.readOnlyRootFileSystem = true; }],
  ["runs as root", (m) => { dep(m).spec.template.spec.securityContext.runAsUser = 0; }],
  ["capabilities kept", (m) => { container(m).securityContext.capabilities.drop = []; }],
  ["no readiness probe", (m) => { delete container(m).readinessProbe; }],
  ["liveness on the readiness path", (m) => { container(m).livenessProbe.httpGet.path = "/q/health/ready"; }],
  ["readiness on the management port", (m) => { container(m).readinessProbe.httpGet.port = 9000; }],
  ["metrics scraped from the public port", (m) => {
    dep(m).spec.template.metadata.annotations["prometheus.io/port"] = "8080"; }],
  ["no memory limit", (m) => { delete container(m).resources.limits.memory; }],
  ["database URL inline", (m) => {
    container(m).env.find((e) => e.name === "QUARKUS_DATASOURCE_JDBC_URL").valueFrom = undefined; }],
  ["no ConfigMap", (m) => { container(m).envFrom = []; }],
  ["Service selecting nothing", (m) => { kind(m, "Service").spec.selector = { app: "other" }; }],
  ["no PodDisruptionBudget", (m) => { m.splice(m.indexOf(kind(m, "PodDisruptionBudget")), 1); }],
  ["HPA below 3", (m) => { kind(m, "HorizontalPodAutoscaler").spec.minReplicas = 1; }],
];
function kind(m, k) { return m.find((d) => d.kind === k); }
function dep(m) { return kind(m, "Deployment"); }
function container(m) { return dep(m).spec.template.spec.containers[0]; }

async function selfTest(manifests, chart) {
  let refused = 0;
  for (const [what, breakIt] of breakages) {
    const copy = structuredClone(manifests);
    breakIt(copy);
    try {
      await validateSchemas(copy, "broken");
      checkRules(copy, "broken");
      console.error(`SELF-TEST FAILED: a manifest with "${what}" was accepted`);
    } catch (e) {
      refused++;
      console.log(`  refused (${what}): ${e.message.split("\n")[0].slice(0, 140)}`);
    }
  }
  const badValues = [
    ["replicas as a string", (v) => { v.app.replicas = "3"; }],
    ["probe threshold as a string", (v) => { v.app.readinessProbe.failureThreshold = "one"; }],
  ];
  for (const [what, breakIt] of badValues) {
    const copy = { ...chart, values: structuredClone(chart.values) };
    breakIt(copy.values);
    try {
      checkValues(copy);
      console.error(`SELF-TEST FAILED: values with "${what}" were accepted`);
    } catch (e) {
      refused++;
      console.log(`  refused (values: ${what}): ${e.message.slice(0, 140)}`);
    }
  }
  const total = breakages.length + badValues.length;
  console.log(`self-test: ${refused} of ${total} broken copies refused`);
  if (refused !== total) process.exit(1);
}

const manifests = loadManifests();
const chart = loadChart();
try {
  if (process.argv.includes("--self-test")) {
    await checkAll(manifests, chart); // the real ones must pass first
    await selfTest(manifests, chart);
  } else {
    const rendered = await checkAll(manifests, chart);
    console.log(`kubernetes.yml: ${manifests.length} documents (${manifests.map((d) => d.kind).join(", ")}) valid;`
      + ` Helm chart: values match values.schema.json, ${rendered} rendered documents valid; deployment rules hold`);
  }
} catch (e) {
  console.error(`k8s-check: ${e.message}`);
  process.exit(1);
}
