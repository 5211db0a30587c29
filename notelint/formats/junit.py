"""`junit`: JUnit XML, as GitLab's and Jenkins' test reports read it.

As ruff writes it: a test suite per note with problems, a failing test case per problem (the
rule as its name, the note as its class name), and when nothing was found a single passing
case, so that a clean run still reports a test. Written with junitparser; characters XML 1.0
cannot carry at all (most C0 controls, undecodable bytes) are written as visible escapes.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from itertools import groupby
from xml.etree import ElementTree

from junitparser import Attr, Failure, IntAttr, JUnitXml, TestCase, TestSuite

from notelint.diagnostics import Diagnostic
from notelint.formats.context import Context
from notelint.report import escape

SUMMARY = False
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def render(diagnostics: Sequence[Diagnostic], context: Context) -> str:
    report = JUnitXml("notelint")
    for path, found in groupby(diagnostics, key=lambda d: d.path):
        suite = TestSuite(_xml(path))
        suite.add_testcases([_case(d) for d in found])
        report.append(suite)  # not add_testsuite: it compares each suite with all before it
    if not diagnostics:
        suite = TestSuite("notelint")
        suite.add_testcase(TestCase("no problems found", "notelint"))
        report.append(suite)
    report.update_statistics()
    return _pretty(report)


class _Case(TestCase):
    """A test case that also says where: the `file` and `line` attributes CI systems link."""

    file = Attr()
    line = IntAttr()


def _case(diagnostic: Diagnostic) -> TestCase:
    span = diagnostic.span
    case = _Case(diagnostic.rule, _xml(diagnostic.path))
    case.file = _xml(diagnostic.path)
    case.line = span.line
    failure = Failure(_xml(diagnostic.message), diagnostic.rule)
    failure.text = _xml(f"line {span.line}, column {span.column}: {diagnostic.message}")
    case.result = [failure]
    return case


def _xml(text: str) -> str:
    return _NOT_XML.sub(lambda match: escape(match.group()), text)


def _pretty(report: JUnitXml) -> str:
    """The XML indented for people; parsed back first, so that whatever junitparser's XML
    backend wrote, the text is the standard library's."""
    written = io.BytesIO()
    report.write(written)
    tree = ElementTree.ElementTree(ElementTree.fromstring(written.getvalue()))
    ElementTree.indent(tree)
    out = io.BytesIO()
    tree.write(out, encoding="utf-8", xml_declaration=True)
    return out.getvalue().decode("utf-8") + "\n"
