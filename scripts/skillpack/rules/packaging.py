"""SK7xx: the plugin manifest and the marketplace that installs it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from ..diagnostics import Diagnostic
from ..pack import MARKETPLACE_MANIFEST, Pack
from ..paths import real_path
from .base import PackContext, Rule

_KEBAB = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def _plugin_name(pack: Pack) -> str | None:
    data = pack.plugin.data if pack.plugin else None
    name = data.get("name") if isinstance(data, dict) else None
    return name if isinstance(name, str) else None


class InvalidPluginManifest(Rule):
    """A `.claude-plugin/plugin.json` that Claude Code cannot load, or whose skills disagree with the folders.

    ## What it does
    Checks that the pack's plugin.json is valid JSON with a kebab-case `name`;
    when it lists `skills`, that each path holds a SKILL.md and that every
    skill folder of the pack is listed.

    ## Why is this bad?
    A broken manifest fails the whole install; a skill folder missing from
    the list installs without it, and nobody notices.

    ## Example
    `"skills": ["./lr-scheduling"]` after the folder was renamed.

    ## Use instead
    List each skill folder as it is on disk.
    """

    code = "SK701"
    name = "invalid-plugin-manifest"
    scope = "pack"

    def check_pack(self, ctx: PackContext) -> Iterator[Diagnostic]:
        manifest = ctx.pack.plugin
        if manifest is None:
            return
        if manifest.error:
            yield self.diag(manifest.path, manifest.error_line, manifest.error)
            return
        data = manifest.data
        if not isinstance(data, dict):
            yield self.diag(manifest.path, 1, "plugin.json must be a JSON object")
            return
        name = data.get("name")
        if not isinstance(name, str) or not _KEBAB.match(name):
            yield self.diag(manifest.path, 1, "plugin.json needs a kebab-case string 'name'")
        listed = data.get("skills")
        if listed is None:
            return
        if isinstance(listed, str):
            listed = [listed]
        if not isinstance(listed, list) or not all(isinstance(p, str) for p in listed):
            yield self.diag(manifest.path, 1, "plugin.json 'skills' must be a path or a list of paths")
            return
        covered: set[Path] = set()
        for entry in listed:
            target = real_path(ctx.pack.root / entry)
            if (target / "SKILL.md").is_file():
                covered.add(target)
            elif target.is_dir() and any(target.glob("*/SKILL.md")):
                covered.update(real_path(p.parent) for p in target.glob("*/SKILL.md"))
            else:
                yield self.diag(manifest.path, 1, f"skills entry {entry!r} holds no SKILL.md")
        for skill in ctx.pack.skills:
            if real_path(skill.folder) not in covered:
                yield self.diag(manifest.path, 1, f"skill folder {skill.name!r} is not listed in plugin.json 'skills'")


class MarketplaceMismatch(Rule):
    """A marketplace file that does not install the pack as it is on disk.

    ## What it does
    Finds the `.claude-plugin/marketplace.json` at or above the pack (up to the
    repository root). Checks that it is valid JSON with a `name`, an `owner`
    and a `plugins` list; that every local `source` of an entry is a folder
    with a plugin.json whose name equals the entry's; and that the pack
    itself is listed.

    ## Why is this bad?
    `/plugin marketplace add` then `/plugin install name@marketplace` is how
    users install the pack; a renamed folder or plugin breaks it for all of
    them at once.

    ## Example
    An entry `{"name": "training-optimization", "source": "./source/training-optimization"}`
    when the pack lives in `./source/yzmir/training-optimization`.

    ## Use instead
    Point `source` at the pack folder (relative to the marketplace's root).
    """

    code = "SK702"
    name = "marketplace-mismatch"
    scope = "pack"

    def check_pack(self, ctx: PackContext) -> Iterator[Diagnostic]:
        market = ctx.pack.marketplace
        if market is None or ctx.pack.plugin is None:
            return
        if market.error:
            yield self.diag(market.path, market.error_line, market.error)
            return
        data = market.data
        if not isinstance(data, dict) or not isinstance(data.get("plugins"), list):
            yield self.diag(market.path, 1, "marketplace.json needs a 'plugins' list")
            return
        for key in ("name", "owner"):
            if key not in data:
                yield self.diag(market.path, 1, f"marketplace.json has no {key!r}")
        base = market.path.parent.parent  # the folder that holds .claude-plugin/
        root = real_path(ctx.pack.root)
        listed = False
        for entry in data["plugins"]:
            if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
                yield self.diag(market.path, 1, "each marketplace plugin needs a 'name'")
                continue
            source = entry.get("source")
            if not isinstance(source, str):
                continue  # a remote source (github, url, npm) is not checked here
            target = real_path(base / source)
            manifest = target / ".claude-plugin" / "plugin.json"
            if not manifest.is_file():
                yield self.diag(market.path, 1, f"plugin {entry['name']!r}: source {source!r} has no plugin.json")
                listed = listed or entry["name"] == _plugin_name(ctx.pack)  # the same defect; say it once
                continue
            if target == root:
                listed = True
                if entry["name"] != _plugin_name(ctx.pack):
                    yield self.diag(
                        market.path,
                        1,
                        f"plugin {entry['name']!r} points at a plugin named {_plugin_name(ctx.pack)!r}",
                    )
        if not listed:
            rel = ctx.pack.root
            yield self.diag(market.path, 1, f"pack {rel.name!r} is not listed in {MARKETPLACE_MANIFEST.as_posix()}")
