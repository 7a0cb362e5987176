#!/usr/bin/python3
"""Writes the small .xlsx workbooks in tests/data/xlsx/ that tests/unit/xlsx_reader_test.cc reads.

Regenerate them, after changing this file, with Debian's python3 (which has openpyxl):

    /usr/bin/python3 tests/data/make_workbooks.py

The output is the same on every run: document properties and ZIP timestamps are fixed.

Most workbooks are written with openpyxl, then rewritten to keep their strings in a shared
string table, as Excel does (openpyxl writes inline strings). What openpyxl cannot write (rich
text, x: namespace prefixes, pivot caches, broken files) is made from XML text here.

Strings beginning "SECRET-" are hidden content: the tests check that none of them is ever
read, nor named in an error.
"""

import csv
import datetime
import io
import os
import re
import zipfile

import openpyxl
from openpyxl.comments import Comment
from openpyxl.styles import Font
from openpyxl.utils.datetime import CALENDAR_MAC_1904

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "xlsx")
SAMPLE_CSV = os.path.join(HERE, "..", "..", "deploy", "local", "sample-import.csv")

FIXED_TIME = datetime.datetime(2020, 1, 1)
MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
REL_TYPE = REL_NS + "/"
CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml."
XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def new_workbook():
    workbook = openpyxl.Workbook()
    workbook.properties.creator = "foi tests"
    workbook.properties.lastModifiedBy = "foi tests"
    workbook.properties.created = FIXED_TIME
    workbook.properties.modified = FIXED_TIME
    return workbook


def entries_of(workbook):
    """The workbook's parts as openpyxl writes them: [(name, bytes)]."""
    buffer = io.BytesIO()
    workbook.save(buffer)
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as archive:
        return [(name, archive.read(name)) for name in archive.namelist()]


def entries_of_file(name):
    with zipfile.ZipFile(os.path.join(OUT, name)) as archive:
        return [(entry, archive.read(entry)) for entry in archive.namelist()]


def write(name, entries):
    """Writes a ZIP of `entries` with fixed timestamps, so that reruns give the same bytes."""
    with zipfile.ZipFile(os.path.join(OUT, name), "w") as archive:
        for entry, data in entries:
            info = zipfile.ZipInfo(entry, date_time=FIXED_TIME.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)


def replace(entries, name, data):
    return [(entry, data if entry == name else old) for entry, old in entries]


def add(entries, name, data, content_type=None):
    entries = list(entries) + [(name, data)]
    if content_type:
        override = '<Override PartName="/%s" ContentType="%s"/></Types>' % (name, content_type)
        types = dict(entries)["[Content_Types].xml"].decode().replace("</Types>", override)
        entries = replace(entries, "[Content_Types].xml", types.encode())
    return entries


INLINE_CELL = re.compile(r'<c ([^>]*?)t="inlineStr"([^>]*)><is><t[^>]*>(.*?)</t></is></c>', re.S)


def with_shared_strings(entries):
    """Moves every inline string of the sheets into xl/sharedStrings.xml, as Excel keeps them."""
    strings = {}

    def shared(match):
        index = strings.setdefault(match.group(3), len(strings))
        return '<c %st="s"%s><v>%d</v></c>' % (match.group(1), match.group(2), index)

    result = []
    for name, data in entries:
        if name.startswith("xl/worksheets/sheet"):
            data = INLINE_CELL.sub(shared, data.decode()).encode()
        result.append((name, data))
    items = "".join('<si><t xml:space="preserve">%s</t></si>' % text for text in strings)
    table = '%s<sst xmlns="%s" count="%d" uniqueCount="%d">%s</sst>' % (
        XML_DECLARATION, MAIN_NS, len(strings), len(strings), items)
    result = add(result, "xl/sharedStrings.xml", table.encode(), CONTENT_TYPE + "sharedStrings+xml")
    relationship = '<Relationship Id="rIdStrings" Type="%ssharedStrings" Target="sharedStrings.xml"/>' % (
        REL_TYPE)
    rels = dict(result)["xl/_rels/workbook.xml.rels"].decode()
    rels = rels.replace("</Relationships>", relationship + "</Relationships>")
    return replace(result, "xl/_rels/workbook.xml.rels", rels.encode())


def patch(entries, name, old, new):
    """Replaces text in one part, for what openpyxl will not write."""
    data = dict(entries)[name].decode()
    assert old in data, (name, old)
    return replace(entries, name, data.replace(old, new).encode())


def save(workbook, name, shared_strings=True, patches=()):
    entries = entries_of(workbook)
    for part, old, new in patches:
        entries = patch(entries, part, old, new)
    write(name, with_shared_strings(entries) if shared_strings else entries)


def add_rows(sheet, rows):
    for row in rows:
        sheet.append(row)


# ---- Workbooks written with openpyxl ----


def reply():
    """A case-level reply as forces send them: one row per crime, dates as Excel dates."""
    workbook = new_workbook()
    sheet = workbook.active
    sheet.title = "Reply"
    force = "Lancashire Constabulary"
    offence = "Disclosing private sexual images"
    add_rows(sheet, [
        ["Police force", "Offence", "Date reported", "Outcome", "Reference"],
        [force, offence, datetime.date(2019, 4, 3), "charged", "LAN/19/0001"],
        [force, offence, datetime.date(2019, 5, 17),
         "Evidential difficulties - suspect identified", "LAN/19/0002"],
        [force, offence, datetime.date(2019, 6, 30), None, "LAN/19/0003"],
        [force, offence, datetime.date(2019, 7, 1), "Not in the public interest", "LAN/19/0004"],
        [force, offence, datetime.date(2019, 8, 12), "Caution", "LAN/19/0005"],
        [force, offence, datetime.date(2019, 9, 9), "CHARGED/SUMMONSED", "LAN/19/0006"],
        [force, offence, datetime.date(2020, 1, 2),
         "Investigation complete \u2013 no suspect identified", "LAN/19/0007"],
    ])
    for row in range(2, 9):
        sheet.cell(row=row, column=3).number_format = "mm-dd-yy"  # built-in format 14
    notes = workbook.create_sheet("Notes")
    notes["A1"] = "Figures are for offences recorded in the period."
    notes["A2"] = "Prepared by the FOI team"
    save(workbook, "reply.xlsx")


def figures():
    """deploy/local/sample-import.csv as a sheet: numbers as numbers, periods as dates."""
    workbook = new_workbook()
    sheet = workbook.active
    sheet.title = "Figures"
    with open(SAMPLE_CSV, encoding="utf-8-sig", newline="") as sample:
        rows = list(csv.reader(sample))
    sheet.append(rows[0])
    for row in rows[1:]:
        cells = []
        for index, value in enumerate(row):
            if index in (2, 3):
                cells.append(datetime.date.fromisoformat(value))
            elif value.isdigit():
                cells.append(int(value))
            else:
                cells.append(value)
        sheet.append(cells)
    for row in range(2, len(rows) + 1):
        for column in (3, 4):
            sheet.cell(row=row, column=column).number_format = "yyyy-mm-dd"
    save(workbook, "figures.xlsx")


def merged():
    """A merged header over two columns, and force names merged down their rows."""
    workbook = new_workbook()
    sheet = workbook.active
    sheet.title = "Outcomes"
    add_rows(sheet, [
        ["Police force", "Outcome", None, "Count"],
        ["Lancashire Constabulary", 1, "Charged", 15],
        [None, 9, "Caution", 11],
        [None, 14, "Evidential difficulties", 70],
        ["Cumbria Constabulary", 1, "Charged", 4],
        [None, 16, "NFA", 12],
    ])
    sheet.merge_cells("B1:C1")
    sheet.merge_cells("A2:A4")
    sheet.merge_cells("A5:A6")
    save(workbook, "merged.xlsx")


def dates1904():
    """A workbook in the 1904 date system (old Excel for Mac)."""
    workbook = new_workbook()
    workbook.epoch = CALENDAR_MAC_1904
    sheet = workbook.active
    sheet.title = "Reply"
    add_rows(sheet, [["Date reported"], [datetime.date(2019, 4, 3)], [datetime.date(1904, 1, 1)]])
    for row in (2, 3):
        sheet.cell(row=row, column=1).number_format = "dd/mm/yyyy"
    save(workbook, "dates1904.xlsx", shared_strings=False)  # keeps openpyxl's inline strings


def hidden():
    """Every kind of hidden content around a visible sheet Reply."""
    workbook = new_workbook()
    workings = workbook.active
    workings.title = "Workings"
    workings.sheet_state = "hidden"
    add_rows(workings, [["SECRET-WORKINGS", 42]])
    sheet = workbook.create_sheet("Reply")
    force = "Lancashire Constabulary"
    add_rows(sheet, [
        ["Police force", "Outcome", "Count", "SECRET-COLUMN-HEADER", "Reference"],
        [force, "Charged", 15, "SECRET-COLUMN", "R1"],
        [force, "Caution", 11, None, "R2"],
        ["SECRET-ROW", "NFA", 99, None, "R3"],
        [force, "NFA", 70, None, "R4"],
        ["SECRET-ZERO-HEIGHT", "NFA", 98, None, "R5"],
    ])
    sheet.column_dimensions["D"].hidden = True
    sheet.row_dimensions[4].hidden = True
    sheet.row_dimensions[6].height = 0  # written below: openpyxl leaves out a height of 0
    sheet["B3"].comment = Comment("SECRET-COMMENT", "Analyst")
    lookup = workbook.create_sheet("Lookup")
    lookup.sheet_state = "veryHidden"
    add_rows(lookup, [["SECRET-LOOKUP"]])
    # A row of no height is as hidden as a hidden one, though not marked so.
    save(workbook, "hidden.xlsx", patches=[("xl/worksheets/sheet2.xml", '<row r="6" customHeight="1">',
                                            '<row r="6" ht="0" customHeight="1">')])


def first_hidden_empty():
    """Sheet 1 is hidden but holds no value (only a formatted cell): no hidden content."""
    workbook = new_workbook()
    cover = workbook.active
    cover.title = "Cover"
    cover.sheet_state = "hidden"
    cover["A1"].font = Font(bold=True)
    sheet = workbook.create_sheet("Reply")
    add_rows(sheet, [["Police force", "Count"], ["Cumbria Constabulary", 3]])
    save(workbook, "first_hidden_empty.xlsx")


def wide():
    """A value in column IW, beyond the 256 columns read."""
    workbook = new_workbook()
    sheet = workbook.active
    sheet.title = "Reply"
    sheet["A1"] = "Police force"
    sheet["A3"] = "Cumbria Constabulary"
    sheet.cell(row=3, column=257, value="too far")
    save(workbook, "wide.xlsx")


def many_rows():
    """1,000 rows: the sheet's XML is read in several chunks."""
    workbook = new_workbook()
    sheet = workbook.active
    sheet.title = "Cases"
    sheet.append(["Reference", "Outcome", "Count"])
    outcomes = ["Charged", "Caution", "Evidential difficulties", "Not in the public interest"]
    for number in range(1, 1001):
        sheet.append(["CASE-%05d" % number, outcomes[number % len(outcomes)], number])
    save(workbook, "many_rows.xlsx")


# ---- Workbooks written from XML text ----


def relationships(*items):
    body = "".join('<Relationship Id="%s" Type="%s%s" Target="%s"/>' % item for item in items)
    return ('%s<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '%s</Relationships>' % (XML_DECLARATION, body)).encode()


VALUES_SHEET = """<x:worksheet xmlns:x="%s" xmlns:r="%s">
<x:dimension ref="A1:K11"/>
<x:sheetData>
<x:row r="1">
<x:c r="A1" t="s"><x:v>0</x:v></x:c>
<x:c r="B1" t="s"><x:v>1</x:v></x:c>
<x:c r="C1" t="inlineStr"><x:is><x:t>inline text</x:t></x:is></x:c>
<x:c r="D1" t="inlineStr"><x:is><x:r><x:t>in</x:t></x:r><x:r><x:rPr><x:b/></x:rPr><x:t>line</x:t></x:r><x:rPh sb="0" eb="2"><x:t>PHONETIC</x:t></x:rPh></x:is></x:c>
<x:c r="E1" t="s"><x:v>2</x:v></x:c>
</x:row>
<x:row>
<x:c><x:v>12</x:v></x:c><x:c><x:v>1.2E1</x:v></x:c><x:c><x:v>0.25</x:v></x:c><x:c><x:v>-3</x:v></x:c>
<x:c><x:v>0.30000000000000004</x:v></x:c><x:c s="5"><x:v>1234.5</x:v></x:c><x:c><x:v>1E+20</x:v></x:c>
<x:c><x:v>1.5</x:v></x:c>
</x:row>
<x:row r="3">
<x:c r="A3" t="b"><x:v>1</x:v></x:c><x:c r="B3" t="b"><x:v>0</x:v></x:c>
<x:c r="C3" t="e"><x:f>NA()</x:f><x:v>#N/A</x:v></x:c>
<x:c r="D3" t="str"><x:f>A1</x:f><x:v>Police force</x:v></x:c>
<x:c r="E3" t="d"><x:v>2020-03-01T00:00:00Z</x:v></x:c>
<x:c r="F3" t="s"><x:v>3</x:v></x:c><x:c r="G3" t="s"><x:v>4</x:v></x:c>
</x:row>
<x:row r="5">
<x:c r="A5" s="1"><x:v>43831</x:v></x:c><x:c r="B5" s="2"><x:v>43831.75</x:v></x:c>
<x:c r="C5" s="1"><x:v>59</x:v></x:c><x:c r="D5" s="1"><x:v>60</x:v></x:c>
<x:c r="E5" s="1"><x:v>61</x:v></x:c><x:c r="F5" s="3"><x:v>43831</x:v></x:c>
<x:c r="G5" s="4"><x:v>2.5</x:v></x:c><x:c r="H5" s="6"><x:v>1</x:v></x:c>
<x:c r="I5" s="1"><x:v>-1</x:v></x:c><x:c r="J5" s="7"><x:v>2958465</x:v></x:c>
<x:c r="K5" s="1"><x:v>2958466</x:v></x:c>
</x:row>
<x:row r="6"><x:c r="A6" s="1"/></x:row>
<x:row r="7"><x:c r="A7" t="inlineStr"><x:is><x:t></x:t></x:is></x:c><x:c r="C7" t="inlineStr"><x:is><x:t>x</x:t></x:is></x:c></x:row>
<x:row r="8"><x:c r="A8" t="inlineStr"><x:is><x:t>merged down</x:t></x:is></x:c></x:row>
<x:row r="10"><x:c r="B10" t="inlineStr"><x:is><x:t>after</x:t></x:is></x:c></x:row>
<x:row r="11"><x:c r="A11" t="inlineStr"><x:is><x:t>anchor</x:t></x:is></x:c><x:c r="B11" t="inlineStr"><x:is><x:t>stale</x:t></x:is></x:c></x:row>
</x:sheetData>
<x:mergeCells count="2"><x:mergeCell ref="A8:A9"/><x:mergeCell ref="A11:B11"/></x:mergeCells>
</x:worksheet>
""" % (MAIN_NS, REL_NS)

VALUES_STRINGS = """<x:sst xmlns:x="%s" count="5" uniqueCount="5">
<x:si><x:t>Police force</x:t></x:si>
<x:si><x:r><x:rPr><x:b/></x:rPr><x:t>Evidential </x:t></x:r><x:r><x:t xml:space="preserve">difficulties</x:t></x:r><x:rPh sb="0" eb="1"><x:t>PHONETIC</x:t></x:rPh><x:phoneticPr fontId="1"/></x:si>
<x:si><x:t>Devon &amp; Cornwall</x:t></x:si>
<x:si><x:t>line_x000D__x000A_break</x:t></x:si>
<x:si><x:t>a_x005F_x000D_b</x:t></x:si>
</x:sst>
""" % MAIN_NS

# Cell style 0 is General: the xf of <cellStyleXfs>, a date format, is not a cell style.
VALUES_STYLES = """<x:styleSheet xmlns:x="%s">
<x:numFmts count="4">
<x:numFmt numFmtId="164" formatCode="dd/mm/yyyy"/>
<x:numFmt numFmtId="165" formatCode="[Red]0.00"/>
<x:numFmt numFmtId="166" formatCode="0.0 &quot;days&quot;"/>
<x:numFmt numFmtId="167" formatCode="yyyy\\-mm\\-dd"/>
</x:numFmts>
<x:cellStyleXfs count="1"><x:xf numFmtId="14"/></x:cellStyleXfs>
<x:cellXfs count="8">
<x:xf numFmtId="0"/><x:xf numFmtId="14"/><x:xf numFmtId="164"/><x:xf numFmtId="165"/>
<x:xf numFmtId="166"/><x:xf numFmtId="4"/><x:xf numFmtId="22"/><x:xf numFmtId="167"/>
</x:cellXfs>
</x:styleSheet>
""" % MAIN_NS

VALUES_WORKBOOK = """<x:workbook xmlns:x="%s" xmlns:r="%s">
<x:sheets><x:sheet name="Values" sheetId="1" r:id="rId1"/></x:sheets>
</x:workbook>
""" % (MAIN_NS, REL_NS)


def write_xml_workbook(name, workbook, sheet_part, sheet, styles, strings=None):
    """Writes a workbook of one sheet from XML text: `workbook` names the sheet rId1."""
    parts = [("xl/workbook.xml", "sheet.main", workbook), (sheet_part, "worksheet", sheet),
             ("xl/styles.xml", "styles", styles)]
    targets = [("rId1", REL_TYPE, "worksheet", "/" + sheet_part),
               ("rId2", REL_TYPE, "styles", "styles.xml")]
    if strings is not None:
        parts.append(("xl/sharedStrings.xml", "sharedStrings", strings))
        targets.append(("rId3", REL_TYPE, "sharedStrings", "sharedStrings.xml"))
    overrides = "".join('<Override PartName="/%s" ContentType="%s%s+xml"/>\n'
                        % (part, CONTENT_TYPE, kind) for part, kind, _ in parts)
    types = """<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
%s</Types>
""" % overrides
    entries = [
        ("[Content_Types].xml", (XML_DECLARATION + types).encode()),
        ("_rels/.rels", relationships(("rId1", REL_TYPE, "officeDocument", "xl/workbook.xml"))),
        ("xl/workbook.xml", (XML_DECLARATION + workbook).encode()),
        ("xl/_rels/workbook.xml.rels", relationships(*targets)),
    ]
    entries += [(part, (XML_DECLARATION + text).encode()) for part, _, text in parts[1:]]
    write(name, entries)


def values():
    """Every kind of cell value, written with x: prefixes as some writers do."""
    write_xml_workbook("values.xlsx", VALUES_WORKBOOK, "xl/worksheets/values.xml", VALUES_SHEET,
                       VALUES_STYLES, VALUES_STRINGS)


TIMES_SHEET = """<worksheet xmlns="%s">
<sheetData>
<row r="1">
<c r="A1" s="1"><v>0.5</v></c><c r="B1" s="2"><v>0.75</v></c><c r="C1" s="3"><v>0.25</v></c>
<c r="D1" s="4"><v>0.5625</v></c><c r="E1" s="5"><v>0.03125</v></c><c r="F1" s="6"><v>1.5</v></c>
<c r="G1" s="7"><v>0.0125</v></c><c r="H1" s="3"><v>0</v></c>
</row>
<row r="2">
<c r="A2" s="8"><v>0.5</v></c><c r="B2" s="9"><v>2.25</v></c><c r="C2" s="10"><v>0.001</v></c>
<c r="D2" s="11"><v>0.75</v></c>
</row>
<row r="3">
<c r="A3" s="12"><v>43831.5</v></c><c r="B3" s="13"><v>43831.5</v></c>
<c r="C3" s="14"><v>43831.5</v></c><c r="D3" s="15"><v>43831.5</v></c>
<c r="E3" s="16"><v>43831.5</v></c><c r="F3" s="17"><v>43831.5</v></c>
<c r="G3" s="18"><v>43831.5</v></c><c r="H3" s="19"><v>43831.5</v></c>
</row>
</sheetData>
</worksheet>
""" % MAIN_NS

# Cell styles 1-7: the built-in time and duration formats 18-21 and 45-47; 8-11: custom ones
# with hours, minutes and seconds only; 12-18: the built-in date formats next to them (14, 17,
# 22, 27, 36, 50, 58); 19: a custom date with a time.
TIMES_STYLES = """<styleSheet xmlns="%s">
<numFmts count="5">
<numFmt numFmtId="164" formatCode="hh:mm"/>
<numFmt numFmtId="165" formatCode="[h]:mm:ss"/>
<numFmt numFmtId="166" formatCode="mm:ss.0"/>
<numFmt numFmtId="167" formatCode="[$-409]h:mm:ss\\ AM/PM"/>
<numFmt numFmtId="168" formatCode="dd/mm/yyyy hh:mm"/>
</numFmts>
<cellXfs count="20">
<xf numFmtId="0"/><xf numFmtId="18"/><xf numFmtId="19"/><xf numFmtId="20"/><xf numFmtId="21"/>
<xf numFmtId="45"/><xf numFmtId="46"/><xf numFmtId="47"/>
<xf numFmtId="164"/><xf numFmtId="165"/><xf numFmtId="166"/><xf numFmtId="167"/>
<xf numFmtId="14"/><xf numFmtId="17"/><xf numFmtId="22"/><xf numFmtId="27"/><xf numFmtId="36"/>
<xf numFmtId="50"/><xf numFmtId="58"/><xf numFmtId="168"/>
</cellXfs>
</styleSheet>
""" % MAIN_NS

TIMES_WORKBOOK = """<workbook xmlns="%s" xmlns:r="%s">
<sheets><sheet name="Times" sheetId="1" r:id="rId1"/></sheets>
</workbook>
""" % (MAIN_NS, REL_NS)


def times():
    """Times of day and durations, which read as their numbers, beside dates."""
    write_xml_workbook("times.xlsx", TIMES_WORKBOOK, "xl/worksheets/sheet1.xml", TIMES_SHEET,
                       TIMES_STYLES)


def pivot():
    """reply.xlsx with a pivot cache, which openpyxl cannot write."""
    definition = ('%s<pivotCacheDefinition xmlns="%s" recordCount="0"><cacheSource type="worksheet">'
                  '<worksheetSource ref="A1:E8" sheet="Reply"/></cacheSource><cacheFields count="1">'
                  '<cacheField name="Outcome" numFmtId="0"><sharedItems/></cacheField></cacheFields>'
                  '</pivotCacheDefinition>' % (XML_DECLARATION, MAIN_NS))
    write("pivot.xlsx", add(entries_of_file("reply.xlsx"), "xl/pivotCache/pivotCacheDefinition1.xml",
                            definition.encode(), CONTENT_TYPE + "pivotCacheDefinition+xml"))


def orphan_comments():
    """reply.xlsx with a comments part no sheet refers to."""
    comments = ('%s<comments xmlns="%s"><authors><author>Analyst</author></authors><commentList>'
                '<comment ref="B2" authorId="0"><text><t>SECRET-ORPHAN</t></text></comment>'
                '</commentList></comments>' % (XML_DECLARATION, MAIN_NS))
    write("orphan_comments.xlsx",
          add(entries_of_file("reply.xlsx"), "xl/comments9.xml", comments.encode()))


def broken():
    """Workbooks whose XML is not well-formed, or declares entities."""
    sheet = ('%s<worksheet xmlns="%s"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>x</t>'
             '</is></row></sheetData></worksheet>' % (XML_DECLARATION, MAIN_NS))
    write("malformed.xlsx",
          replace(entries_of_file("reply.xlsx"), "xl/worksheets/sheet1.xml", sheet.encode()))
    laughs = ('<?xml version="1.0"?>\n<!DOCTYPE workbook [<!ENTITY a "SECRET-LAUGH">'
              '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>\n<workbook xmlns="%s"><sheets>'
              '<sheet name="&b;" sheetId="1"/></sheets></workbook>' % MAIN_NS)
    write("doctype.xlsx", replace(entries_of_file("reply.xlsx"), "xl/workbook.xml", laughs.encode()))


def main():
    os.makedirs(OUT, exist_ok=True)
    reply()
    figures()
    merged()
    dates1904()
    hidden()
    first_hidden_empty()
    wide()
    many_rows()
    values()
    times()
    pivot()
    orphan_comments()
    broken()


if __name__ == "__main__":
    main()
