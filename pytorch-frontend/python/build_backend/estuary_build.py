"""A PEP 517 build backend that needs nothing but the standard library, protoc and grpc_python_plugin.

Why not setuptools: pip builds in an isolated environment and would fetch setuptools from PyPI,
which the appliance's compute nodes may not reach. This backend has no build requirements, so
``pip install ./pytorch-frontend/python`` works offline.

What it does (PEP 517 ``build_wheel``; PEP 427 wheel layout):

1. reads ``[project]`` and ``[tool.estuary-build]`` from pyproject.toml;
2. copies the service's ``.proto`` (the single source of truth, ``../src/main/proto``) into a
   staging tree as ``estuary_torch/_pb/dataset.proto`` and runs
   ``protoc --python_out --grpc_python_out`` on it, so the generated modules import each other as
   ``estuary_torch._pb.dataset_pb2`` (no top-level ``estuary`` package is created);
3. zips ``src/estuary_torch`` plus the generated modules into a pure-Python wheel with METADATA,
   WHEEL and RECORD.

The generators are the ones on PATH (override with ``PROTOC`` and ``GRPC_PYTHON_PLUGIN``); on
Debian they come from ``protobuf-compiler`` and ``protobuf-compiler-grpc``, the same release as
``python3-protobuf`` and ``python3-grpcio``, so generated code and runtime always match.
"""

from __future__ import annotations

import base64
import hashlib
import io
import os
import re
import shutil
import subprocess
import tarfile
import tempfile
import zipfile
from pathlib import Path

_ROOT = Path(__file__).resolve().parent.parent
_WHEEL_TAG = "py3-none-any"


def _load_pyproject() -> dict:
    try:
        import tomllib  # Python 3.11+
    except ImportError:  # pragma: no cover - older interpreters
        try:
            import tomli as tomllib  # type: ignore[no-redef]
        except ImportError as e:
            raise RuntimeError(
                "building estuary-torch needs Python 3.11+ (tomllib) or the tomli package") from e
    with open(_ROOT / "pyproject.toml", "rb") as f:
        return tomllib.load(f)


def _settings():
    data = _load_pyproject()
    project = data["project"]
    tool = data.get("tool", {}).get("estuary-build", {})
    return project, tool


def _dist_name(project: dict) -> str:
    # PEP 427: the distribution name in file names with runs of -_. replaced by "_".
    return re.sub(r"[-_.]+", "_", project["name"])


def _find_tool(env: str, name: str, package: str) -> str:
    path = os.environ.get(env) or shutil.which(name)
    if not path:
        raise RuntimeError(
            f"{name}: not found on PATH (expected: the Debian package {package}, or set {env})")
    return path


def _find_proto(tool: dict) -> Path:
    override = os.environ.get("ESTUARY_PROTO_DIR")
    roots = [override] if override else tool.get("proto-roots", ["../src/main/proto", "proto"])
    rel = tool.get("proto", "estuary/dataset/v1/dataset.proto")
    for root in roots:
        candidate = (_ROOT / root / rel).resolve()
        if candidate.is_file():
            return candidate
    raise RuntimeError(
        f"{rel}: not found under {', '.join(str(_ROOT / r) for r in roots)}"
        " (expected: the Estuary source tree, where pytorch-frontend/src/main/proto holds it)")


def _generate(tool: dict, out: Path) -> str:
    """Generates the stubs into out/<package>/_pb and returns the protoc version line."""
    package = tool.get("package", "estuary_torch")
    protoc = _find_tool("PROTOC", "protoc", "protobuf-compiler")
    plugin = _find_tool("GRPC_PYTHON_PLUGIN", "grpc_python_plugin", "protobuf-compiler-grpc")
    proto = _find_proto(tool)
    version = subprocess.run([protoc, "--version"], check=True, capture_output=True,
                             text=True).stdout.strip()
    with tempfile.TemporaryDirectory() as staging:
        rel = Path(package, "_pb", "dataset.proto")
        (Path(staging) / rel).parent.mkdir(parents=True)
        shutil.copyfile(proto, Path(staging) / rel)
        out.mkdir(parents=True, exist_ok=True)
        cmd = [protoc, f"--proto_path={staging}", f"--python_out={out}",
               f"--grpc_python_out={out}", f"--plugin=protoc-gen-grpc_python={plugin}", str(rel)]
        done = subprocess.run(cmd, capture_output=True, text=True)
        if done.returncode != 0:
            raise RuntimeError(f"protoc failed ({done.returncode}): {' '.join(cmd)}\n{done.stderr}")
    (out / package / "_pb" / "_generator.py").write_text(
        '"""Written by the build: which generator made the stubs beside this file."""\n'
        f"PROTOC_VERSION = {version!r}\n"
        f"PROTO_SHA256 = {hashlib.sha256(proto.read_bytes()).hexdigest()!r}\n")
    return version


def _metadata(project: dict) -> str:
    lines = ["Metadata-Version: 2.1", f"Name: {project['name']}", f"Version: {project['version']}"]
    if "description" in project:
        lines.append(f"Summary: {project['description']}")
    if "requires-python" in project:
        lines.append(f"Requires-Python: {project['requires-python']}")
    lic = project.get("license", {})
    if isinstance(lic, dict) and "text" in lic:
        lines.append(f"License: {lic['text']}")
    for dep in project.get("dependencies", []):
        lines.append(f"Requires-Dist: {dep}")
    readme = _ROOT / project.get("readme", "README.md")
    body = ""
    if readme.is_file():
        lines.append("Description-Content-Type: text/markdown")
        body = "\n" + readme.read_text(encoding="utf-8")
    return "\n".join(lines) + "\n" + body


def _record_line(name: str, data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{name},sha256={digest},{len(data)}"


def _package_files(tool: dict, generated: Path):
    """Yields (archive name, bytes) for every module of the wheel, sorted for reproducibility."""
    package = tool.get("package", "estuary_torch")
    files = {}
    for base in (_ROOT / "src", generated):
        for path in sorted((base / package).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts and path.suffix in (".py", ".typed"):
                files[path.relative_to(base).as_posix()] = path.read_bytes()
    return sorted(files.items())


# ---- PEP 517 hooks ----

def get_requires_for_build_wheel(config_settings=None):
    return []


def get_requires_for_build_sdist(config_settings=None):
    return []


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    project, tool = _settings()
    dist = _dist_name(project)
    version = project["version"]
    info = f"{dist}-{version}.dist-info"
    wheel_name = f"{dist}-{version}-{_WHEEL_TAG}.whl"
    with tempfile.TemporaryDirectory() as tmp:
        generated = Path(tmp)
        protoc_version = _generate(tool, generated)
        entries = list(_package_files(tool, generated))
        entries.append((f"{info}/METADATA", _metadata(project).encode()))
        entries.append((f"{info}/WHEEL", (
            "Wheel-Version: 1.0\n"
            f"Generator: estuary_build (stubs by {protoc_version} and grpc_python_plugin)\n"
            "Root-Is-Purelib: true\n"
            f"Tag: {_WHEEL_TAG}\n").encode()))
        entries.append((f"{info}/top_level.txt", (tool.get("package", "estuary_torch") + "\n").encode()))
        record = [_record_line(name, data) for name, data in entries]
        record.append(f"{info}/RECORD,,")
        entries.append((f"{info}/RECORD", ("\n".join(record) + "\n").encode()))
        target = Path(wheel_directory) / wheel_name
        with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as whl:
            for name, data in entries:
                zi = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
                zi.external_attr = 0o644 << 16
                zi.compress_type = zipfile.ZIP_DEFLATED
                whl.writestr(zi, data)
    return wheel_name


def build_sdist(sdist_directory, config_settings=None):
    """A source archive that carries its own copy of the .proto (under proto/)."""
    project, tool = _settings()
    base = f"{_dist_name(project)}-{project['version']}"
    proto = _find_proto(tool)
    rel_proto = tool.get("proto", "estuary/dataset/v1/dataset.proto")
    target = Path(sdist_directory) / f"{base}.tar.gz"
    with tarfile.open(target, "w:gz", format=tarfile.PAX_FORMAT) as tar:
        for path in sorted(_ROOT.rglob("*")):
            rel = path.relative_to(_ROOT)
            if not path.is_file() or rel.parts[0] in ("proto", "build", "dist") \
                    or "__pycache__" in rel.parts or ".pytest_cache" in rel.parts:
                continue
            tar.add(path, arcname=f"{base}/{rel.as_posix()}")
        tar.add(proto, arcname=f"{base}/proto/{rel_proto}")
        pkg_info = _metadata(project).encode()
        ti = tarfile.TarInfo(f"{base}/PKG-INFO")
        ti.size = len(pkg_info)
        tar.addfile(ti, io.BytesIO(pkg_info))
    return target.name
