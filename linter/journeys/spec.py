"""Journey files: YAML data describing the steps to a state a crawl cannot reach.

A journey is validated as data and never executed as code: each step is one of a fixed
set of actions with a Playwright selector and a value. The file is read with PyYAML's
composer rather than ``safe_load`` because a plain load forgets where things were, and
a usage error must name the file, the line and the key (``steps[4].fill``).

Schema (more keys in a step are errors, so a typo is never silently ignored)::

    name: checkout                  # required, unique within a scan
    start: /product/1001/           # required: a URL, or a path on the first seed's origin
    timeout: 10                     # optional: seconds each step may take (default 10)
    steps:                          # required, at least one scan step
      - click: "text=Tambah ke keranjang"
      - wait_for: "#cart-count >> text=1"
      - goto: /keranjang/
      - scan: cart with one item
      - fill: {"#alamat": "Jl. Merdeka 1"}
      - select: {"#kurir": "jne"}
      - check: "#setuju"
      - press: {"#alamat": "Enter"}
      - wait_for_url: "**/pembayaran/**"
      - scan: {name: payment, zone: payment}
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ConfigError

DEFAULT_TIMEOUT_S = 10.0
# action -> the shape of its value: "str" (a selector, URL or glob), "pairs" (selector: value)
ACTIONS = {"click": "str", "wait_for": "str", "goto": "str", "check": "str", "wait_for_url": "str",
           "fill": "pairs", "select": "pairs", "press": "pairs", "scan": "scan"}
TOP_KEYS = ("name", "start", "steps", "timeout", "description")


@dataclass(frozen=True)
class Step:
    number: int                     # 1-based, as a person counts them in the file
    action: str                     # one of ACTIONS
    target: str = ""                # selector, URL, glob, or the state's name for scan
    pairs: tuple[tuple[str, str | tuple[str, ...]], ...] = ()   # fill/select/press: (selector, value)
    zone: str | None = None         # scan: the zone the state is forced into
    timeout: float | None = None    # seconds; None: the journey's
    written: str = ""               # the step as written in the file, for error messages
    line: int = 0

    def describe(self) -> str:
        return f"step {self.number} ({self.written})"


@dataclass(frozen=True)
class Journey:
    name: str
    start: str
    steps: tuple[Step, ...]
    file: str = ""
    timeout: float = DEFAULT_TIMEOUT_S
    description: str = ""
    lines: dict = field(default_factory=dict, compare=False, hash=False)   # key -> line

    @property
    def states(self) -> list[str]:
        return [s.target for s in self.steps if s.action == "scan"]


def journey_files(paths) -> list[Path]:
    """The files ``--journey`` names: a file as given, a folder's ``*.yml`` and ``*.yaml``."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            found = sorted(q for q in p.iterdir() if q.suffix in (".yml", ".yaml") and q.is_file())
            if not found:
                raise ConfigError("no *.yml journey files in this folder", file=str(p))
            out.extend(found)
        elif p.is_file():
            out.append(p)
        else:
            raise ConfigError("no such journey file or folder", file=str(p))
    return out


def load_journeys(paths, zones=None) -> list[Journey]:
    """Every journey the paths name, validated; names unique across them. ``zones``: the
    policy's zone ids, to check each ``scan`` step's zone (None: not checked)."""
    journeys: list[Journey] = []
    seen: dict[str, Journey] = {}
    for path in journey_files(paths):
        j = parse_journey(path.read_text(encoding="utf-8"), str(path), zones)
        if j.name in seen:
            first = seen[j.name]
            raise ConfigError(f"journey name {j.name!r} is already used by {first.file}:{first.lines['name']}",
                              file=j.file, line=j.lines["name"], key="name")
        seen[j.name] = j
        journeys.append(j)
    return journeys


def parse_journey(text: str, file: str = "<journey>", zones=None) -> Journey:
    import yaml
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise ConfigError(f"not valid YAML: {exc.problem or exc.context}", file=file,
                          line=mark.line + 1 if mark else None) from None
    except yaml.YAMLError as exc:
        raise ConfigError(f"not valid YAML: {exc}", file=file) from None
    if root is None:
        raise ConfigError("empty journey file (expected name, start and steps)", file=file)
    top = _mapping(root, file, "", "a journey (a mapping with name, start and steps)")
    for key, (knode, _) in top.items():
        if key not in TOP_KEYS:
            raise ConfigError(f"unknown key (expected one of {', '.join(TOP_KEYS)})", file=file,
                              line=_line(knode), key=key)
    for key in ("name", "start", "steps"):
        if key not in top:
            raise ConfigError("required key missing", file=file, line=_line(root), key=key)
    name = _string(top["name"][1], file, "name")
    start = _string(top["start"][1], file, "start")
    timeout = _seconds(top["timeout"][1], file, "timeout") if "timeout" in top else DEFAULT_TIMEOUT_S
    description = _string(top["description"][1], file, "description") if "description" in top else ""
    snode = top["steps"][1]
    if not isinstance(snode, yaml.SequenceNode) or not snode.value:
        raise ConfigError("expected a non-empty list of steps", file=file, line=_line(snode), key="steps")
    steps = tuple(_step(n, i + 1, text, file, zones) for i, n in enumerate(snode.value))
    _check_states(steps, file)
    lines = {k: _line(kn) for k, (kn, _) in top.items()}
    return Journey(name=name, start=start, steps=steps, file=file, timeout=timeout,
                   description=description, lines=lines)


def _check_states(steps: tuple[Step, ...], file: str) -> None:
    seen: dict[str, Step] = {}
    for s in steps:
        if s.action != "scan":
            continue
        if s.target in seen:
            raise ConfigError(f"state {s.target!r} is already recorded by step {seen[s.target].number}",
                              file=file, line=s.line, key=f"steps[{s.number}].scan")
        seen[s.target] = s
    if not seen:
        raise ConfigError("no scan step: the journey would record no state", file=file,
                          line=steps[0].line, key="steps")


def _step(node, number: int, text: str, file: str, zones) -> Step:
    key = f"steps[{number}]"
    m = _mapping(node, file, key, f"a step (one of {', '.join(ACTIONS)})")
    actions = [k for k in m if k in ACTIONS]
    for k, (kn, _) in m.items():
        if k not in ACTIONS and k != "timeout":
            raise ConfigError(f"unknown action (expected one of {', '.join(ACTIONS)})", file=file,
                              line=_line(kn), key=f"{key}.{k}")
    if len(actions) != 1:
        raise ConfigError(f"a step has exactly one action, found {len(actions)}", file=file,
                          line=_line(node), key=key)
    action = actions[0]
    vnode = m[action][1]
    where = f"{key}.{action}"
    timeout = _seconds(m["timeout"][1], file, f"{key}.timeout") if "timeout" in m else None
    # The step as written: its action and the value's own source text (not the comments after it).
    written = f"{action}: " + " ".join(text[vnode.start_mark.index:vnode.end_mark.index].split())
    base = dict(number=number, action=action, timeout=timeout, written=written, line=_line(node))
    shape = ACTIONS[action]
    if shape == "str":
        return Step(target=_string(vnode, file, where), **base)
    if shape == "pairs":
        return Step(pairs=_pairs(vnode, file, where, multi=action == "select"), **base)
    return _scan_step(vnode, file, where, zones, base)


def _scan_step(vnode, file: str, where: str, zones, base: dict) -> Step:
    import yaml
    if isinstance(vnode, yaml.ScalarNode):
        return Step(target=_string(vnode, file, where), **base)
    m = _mapping(vnode, file, where, "a state name, or {name: ..., zone: ...}")
    for k, (kn, _) in m.items():
        if k not in ("name", "zone"):
            raise ConfigError("unknown key (expected name, zone)", file=file, line=_line(kn), key=f"{where}.{k}")
    if "name" not in m:
        raise ConfigError("required key missing", file=file, line=_line(vnode), key=f"{where}.name")
    zone = _string(m["zone"][1], file, f"{where}.zone") if "zone" in m else None
    if zone is not None and zones is not None and zone not in zones:
        raise ConfigError(f"unknown zone {zone!r} (the policy has: {', '.join(sorted(zones))})", file=file,
                          line=_line(m["zone"][1]), key=f"{where}.zone")
    return Step(target=_string(m["name"][1], file, f"{where}.name"), zone=zone, **base)


def _mapping(node, file: str, key: str, what: str) -> dict:
    import yaml
    if not isinstance(node, yaml.MappingNode):
        raise ConfigError(f"expected {what}", file=file, line=_line(node), key=key or None)
    out: dict = {}
    for knode, vnode in node.value:
        k = knode.value if isinstance(knode, yaml.ScalarNode) else None
        if not isinstance(k, str) or not k:
            raise ConfigError("a key must be a plain string", file=file, line=_line(knode), key=key or None)
        if k in out:
            raise ConfigError("duplicate key", file=file, line=_line(knode), key=f"{key}.{k}" if key else k)
        out[k] = (knode, vnode)
    return out


def _string(node, file: str, key: str) -> str:
    import yaml
    if not isinstance(node, yaml.ScalarNode) or node.tag not in ("tag:yaml.org,2002:str",
                                                                 "tag:yaml.org,2002:int"):
        raise ConfigError("expected a string", file=file, line=_line(node), key=key)
    if not node.value.strip():
        raise ConfigError("must not be empty", file=file, line=_line(node), key=key)
    return node.value


def _seconds(node, file: str, key: str) -> float:
    import yaml
    try:
        value = float(node.value) if isinstance(node, yaml.ScalarNode) else -1.0
    except ValueError:
        value = -1.0
    if not 0 < value <= 600:
        raise ConfigError("expected a number of seconds from 0 to 600", file=file, line=_line(node), key=key)
    return value


def _pairs(node, file: str, key: str, multi: bool) -> tuple:
    import yaml
    m = _mapping(node, file, key, "a mapping of selector: value")
    if not m:
        raise ConfigError("expected at least one selector: value", file=file, line=_line(node), key=key)
    out = []
    for sel, (_, vnode) in m.items():
        if multi and isinstance(vnode, yaml.SequenceNode):
            out.append((sel, tuple(_string(v, file, f"{key}.{sel}") for v in vnode.value)))
        elif isinstance(vnode, yaml.ScalarNode) and vnode.tag != "tag:yaml.org,2002:null":
            out.append((sel, vnode.value))
        else:
            raise ConfigError("expected a text value", file=file, line=_line(vnode), key=f"{key}.{sel}")
    return tuple(out)


def _line(node) -> int:
    return node.start_mark.line + 1
