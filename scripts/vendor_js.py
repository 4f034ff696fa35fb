"""Copy the browser JavaScript the web UI needs from node_modules into search_api/web/vendor.

Run after `npm ci` (the Makefile's `web` target does both). The files are not kept in git:
package-lock.json pins them, and this script checks that what it copies is the locked version.

    python scripts/vendor_js.py [--root DIR]
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# package -> [(file inside the package, name under vendor/)]; LICENSE files go along.
# index.html loads them in this order: cytoscape, then the fcose layout and what it builds on.
FILES: dict[str, list[tuple[str, str]]] = {
    "cytoscape": [
        ("dist/cytoscape.min.js", "cytoscape.min.js"),
        ("LICENSE", "cytoscape.LICENSE.txt"),
    ],
    "layout-base": [
        ("layout-base.js", "layout-base.js"),
        ("LICENSE", "layout-base.LICENSE.txt"),
    ],
    "cose-base": [
        ("cose-base.js", "cose-base.js"),
        ("LICENSE", "cose-base.LICENSE.txt"),
    ],
    "cytoscape-fcose": [
        ("cytoscape-fcose.js", "cytoscape-fcose.js"),
        ("LICENSE", "cytoscape-fcose.LICENSE.txt"),
    ],
}


def locked_versions(root: Path) -> dict[str, str]:
    lock = json.loads((root / "package-lock.json").read_text(encoding="utf-8"))
    packages = lock.get("packages", {})
    return {name: packages.get(f"node_modules/{name}", {}).get("version", "") for name in FILES}


def vendor(root: Path) -> list[Path]:
    modules = root / "node_modules"
    if not modules.is_dir():
        raise SystemExit(f"{modules} is missing: run `npm ci --no-audit --no-fund` first.")
    locked = locked_versions(root)
    target = root / "search_api" / "web" / "vendor"
    target.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for name, files in FILES.items():
        package_dir = modules / name
        manifest = package_dir / "package.json"
        if not manifest.is_file():
            raise SystemExit(f"{name} is not installed: run `npm ci --no-audit --no-fund`.")
        installed = json.loads(manifest.read_text(encoding="utf-8"))["version"]
        if installed != locked[name]:
            raise SystemExit(
                f"{name} {installed} in node_modules, but package-lock.json pins "
                f"{locked[name] or 'nothing'}: run `npm ci --no-audit --no-fund` again."
            )
        for source, dest in files:
            src = package_dir / source
            if not src.is_file():
                raise SystemExit(f"{src} not found in {name} {installed}.")
            out = target / dest
            tmp = out.with_suffix(out.suffix + ".tmp")
            shutil.copyfile(src, tmp)
            tmp.replace(out)
            written.append(out)
    versions = {name: locked[name] for name in FILES}
    (target / "versions.json").write_text(json.dumps(versions, indent=2) + "\n", encoding="utf-8")
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=ROOT, help="Repository root.")
    args = parser.parse_args(argv)
    for path in vendor(args.root.resolve()):
        print(f"vendored {path.relative_to(args.root.resolve())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
