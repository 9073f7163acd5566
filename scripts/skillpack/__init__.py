"""validate-skills: checks for Agent Skills packs, and the runner that executes their examples."""

from .diagnostics import Diagnostic, Severity
from .document import SkillDocument
from .markdown import parse_text
from .rules import RULES

__all__ = ["RULES", "Diagnostic", "Severity", "SkillDocument", "parse_text"]
