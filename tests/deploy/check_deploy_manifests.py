#!/usr/bin/env python3
"""Checks deploy/ without a container engine: every YAML file parses, and the Kubernetes
manifests, the compose file and the Dockerfiles agree with each other and with the services.

Usage: check_deploy_manifests.py REPOSITORY_ROOT. Exits non-zero listing every problem."""
import pathlib
import sys

import yaml

root = pathlib.Path(sys.argv[1])
deploy = root / "deploy"
problems = []


def check(condition, message):
    if not condition:
        problems.append(message)


documents = []
for path in sorted(deploy.rglob("*.yaml")):
    try:
        documents += [(path, doc) for doc in yaml.safe_load_all(path.read_text()) if doc]
    except yaml.YAMLError as error:
        problems.append(f"{path}: does not parse: {error}")

k8s = [(p, d) for p, d in documents if p.parent.name == "k8s"]
by_kind = {}
for path, doc in k8s:
    check("apiVersion" in doc and "kind" in doc, f"{path}: needs apiVersion and kind")
    by_kind.setdefault(doc.get("kind"), []).append(doc)

secrets = {s["metadata"]["name"]: set(s.get("stringData", {}) | s.get("data", {}))
           for s in by_kind.get("Secret", [])}
deployments = {d["metadata"]["name"]: d for d in by_kind.get("Deployment", [])}
grpc_ports = {"foi-ingest": 50051, "foi-stats": 50052}


def check_secret_refs(owner, containers):
    for container in containers:
        for env in container.get("env", []):
            ref = env.get("valueFrom", {}).get("secretKeyRef")
            if ref:
                check(ref["name"] in secrets and ref["key"] in secrets[ref["name"]],
                      f"{owner}: secret {ref['name']}/{ref['key']} is not defined")


for name, deployment in deployments.items():
    spec = deployment["spec"]
    check(spec["selector"]["matchLabels"].items() <= spec["template"]["metadata"]["labels"].items(),
          f"Deployment {name}: selector does not match its pod labels")
    containers = spec["template"]["spec"]["containers"]
    check_secret_refs(f"Deployment {name}", containers)
    for container in containers:
        ports = {p["containerPort"] for p in container.get("ports", [])}
        probe = container.get("readinessProbe", {}).get("grpc", {})
        check(probe.get("port") == grpc_ports.get(name),
              f"Deployment {name}: readiness must be a native gRPC probe on {grpc_ports.get(name)}")
        check(probe.get("port") in ports, f"Deployment {name}: probe port is not a container port")
        check("livenessProbe" in container, f"Deployment {name}: needs a liveness probe")
        check("limits" in container.get("resources", {}), f"Deployment {name}: needs resource limits")
    check(spec["template"]["spec"].get("terminationGracePeriodSeconds", 30) >= 20,
          f"Deployment {name}: grace period shorter than the service's shutdown grace")

for service in by_kind.get("Service", []):
    name = service["metadata"]["name"]
    targets = [d for d in deployments.values()
               if service["spec"]["selector"].items() <= d["spec"]["template"]["metadata"]["labels"].items()]
    check(len(targets) == 1, f"Service {name}: selects {len(targets)} Deployments, not 1")
    for target in targets:
        names = {p.get("name") for c in target["spec"]["template"]["spec"]["containers"]
                 for p in c.get("ports", [])}
        for port in service["spec"]["ports"]:
            check(port["targetPort"] in names, f"Service {name}: no container port {port['targetPort']}")
check(any(s["spec"].get("clusterIP") == "None" and s["metadata"]["name"] == "foi-stats"
          for s in by_kind.get("Service", [])),
      "Service foi-stats should be headless for client-side gRPC load balancing")

hpas = by_kind.get("HorizontalPodAutoscaler", [])
check(len(hpas) == 1, "one HorizontalPodAutoscaler expected")
for hpa in hpas:
    check(hpa["spec"]["scaleTargetRef"]["name"] == "foi-stats", "the HPA must scale foi-stats")
    check(hpa["spec"]["minReplicas"] <= hpa["spec"]["maxReplicas"], "HPA min above max")
for job in by_kind.get("Job", []):
    check_secret_refs(f"Job {job['metadata']['name']}", job["spec"]["template"]["spec"]["containers"])
check("Secret" in by_kind and "Job" in by_kind, "k8s needs the Secret and the migration Job")

compose = next((d for p, d in documents if p.name == "compose.yaml"), None)
check(compose is not None, "deploy/compose.yaml is missing")
if compose:
    services = compose.get("services", {})
    check({"postgres", "migrate", "ingest", "stats"} <= set(services), "compose needs postgres, migrate, ingest, stats")
    for name, service in services.items():
        build = service.get("build")
        if build:
            dockerfile = (deploy / build["context"] / build["dockerfile"]).resolve()
            check(dockerfile.exists(), f"compose {name}: {dockerfile} does not exist")
    for name in ("ingest", "stats"):
        check(services.get(name, {}).get("depends_on", {}).get("migrate", {}).get("condition")
              == "service_completed_successfully", f"compose {name}: must start after migrations")

for service, binary in (("ingest-service", "ingest-service"), ("stats-service", "stats-service")):
    path = deploy / "docker" / f"{service}.Dockerfile"
    check(path.exists(), f"{path} is missing")
    if path.exists():
        text = path.read_text()
        check(text.count("FROM ") >= 2 and "debian:bookworm" in text, f"{path}: multi-stage on Debian bookworm")
        check(f"/src/build/{service}/{binary}" in text, f"{path}: does not copy the built {binary}")
        check((root / service / "CMakeLists.txt").read_text().count(f"add_executable({binary}") == 1,
              f"{path}: no CMake target {binary}")

if problems:
    print("\n".join(problems))
    sys.exit(1)
print(f"deploy/: {len(documents)} YAML documents parse and agree")
