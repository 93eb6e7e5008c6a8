"""``.. dalbit-reference:: settings``, ``commands`` and ``rules``.

The configuration, command and checker reference, generated at every build from
``dalbit.config.SETTINGS``, the command line's own parser and the checker's rules, so that the
documentation cannot drift from the code. It is written as reStructuredText
and parsed like the page around it, so each paragraph is extracted for
translation like the rest of the book.
"""
from __future__ import annotations

import argparse
import re

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from dalbit.config import SETTINGS


def escape(text: str) -> str:
    """Plain text (an option's help) as reStructuredText that shows it as it is."""
    return re.sub(r"([\\*`|_])", r"\\\1", text)


def literal(text: str) -> str:
    return "``" + text.replace("``", "` `") + "``"


def settings_rst() -> str:
    lines = []
    for setting in SETTINGS:
        lines += [literal(setting.name), f"   {setting.doc}", "",
                  f"   Default: {literal(repr(setting.default))}", ""]
        if setting.example:
            lines += [f"   Example: {literal(setting.example)}", ""]
    return "\n".join(lines)


def commands_rst() -> str:
    from dalbit.cli import build_parser

    subparsers = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    helps = {choice.dest: choice.help for choice in subparsers._choices_actions}
    lines = []
    for name, parser in subparsers.choices.items():
        usage = " ".join(parser.format_usage().split()).removeprefix("usage: ")
        description = " ".join((parser.description or helps.get(name) or "").split())
        lines += [literal(usage), f"   {escape(description)}", ""]
        for action in parser._actions:
            if isinstance(action, argparse._HelpAction) or not action.help:
                continue
            flag = ", ".join(action.option_strings) or action.metavar or action.dest
            lines.append(f"   * {literal(flag)}: {escape(' '.join(action.help.replace('%%', '%').split()))}")
        lines.append("")
    return "\n".join(lines)


def rules_rst() -> str:
    """Each rule of ``dalbit check``: its name, severity and what it finds, then its docstring."""
    from dalbit.check.rules import RULES

    lines = []
    for rule in RULES.values():
        lines += [f"{literal(rule.name)} ({rule.severity})", f"   {escape(rule.summary)}.", ""]
        lines += [f"   {line}" if line else "" for line in rule.doc.splitlines()] + [""]
    return "\n".join(lines)


class ReferenceDirective(SphinxDirective):
    required_arguments = 1
    GENERATORS = {"settings": settings_rst, "commands": commands_rst, "rules": rules_rst}

    def run(self) -> list[nodes.Node]:
        kind = self.arguments[0]
        if kind not in self.GENERATORS:
            raise self.error(f"dalbit-reference: {kind!r} is not one of {', '.join(self.GENERATORS)}")
        from dalbit import cli, config
        from dalbit.check import rules

        for module in (config, cli, rules):  # the page is re-read when the code it shows changes
            self.env.note_dependency(module.__file__)
        result = self.parse_text_to_nodes(self.GENERATORS[kind]())
        source, line = self.get_source_info()
        for tree in result:  # text with no source is "built in" to Sphinx's i18n: never translated
            for node in tree.findall(nodes.TextElement):
                node.source, node.line = node.source or source, node.line or line
        return result
