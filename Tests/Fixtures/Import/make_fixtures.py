#!/usr/bin/env python3
"""Makes the question-bank fixtures of gongkai import with real tools (openpyxl, python-docx).

Run from this folder: python3 make_fixtures.py. The outputs are committed; tests only read them.
"""
import io
import re
import zipfile

import docx
import openpyxl
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont

# One question of every type the template holds, in the template's Chinese columns,
# written in a column order unlike the export's to prove the header decides.
HEADER = ["题干", "题型", "选项A", "选项B", "选项C", "选项D", "答案", "依据", "解析", "分值", "编号"]
ROWS = [
    ["不能当场答复的，应当自收到申请之日起多少个工作日内答复？", "单选题", "10个工作日", "15个工作日", "20个工作日", "30个工作日",
     "C", "条例第三十三条", "2019年修订的条例规定为20个工作日。", 1, "rh-deadline"],
    ["政府信息公开应当遵循哪些原则？", "多选题", "公正", "公平", "保密优先", "便民", "ABD", "条例第五条", "以公开为常态、不公开为例外。", 2, None],
    ["行政机关依申请提供政府信息，一般不收取费用。", "判断题", None, None, None, None, "对", "条例第四十二条", "条例第四十二条。", 1, None],
    ["全国政府信息公开工作的主管部门是国务院____。", "填空题", None, None, None, None, "办公厅；国务院办公厅", "条例第三条", "", 1, None],
    ["主动公开的政府信息应当自形成之日起多少个工作日内公开？", "数值题", None, None, None, None, 20, "条例第二十六条", "", 1, None],
    ["把依申请公开的办理环节按先后排序。", "排序题", "审查", "受理", "答复", "处理", "BADC", "年度报告 一（五）", "", 1, None],
    # No 依据: imported, flagged as unsourced.
    ["政府信息公开工作年度报告应当在每年几月几日前公布？", "单选题", "1月31日", "3月31日", "6月30日", None, "A", None, "条例第五十条。", 1, None],
]


def template_workbook(path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "题库"
    ws.append(["景泰县政务公开应知应会题库（2020）"])  # a title row above the header
    ws.append(HEADER)
    for row in ROWS:
        ws.append(row)
    wb.save(path)


def by_type_workbook(path):
    """One sheet per type, no 题型 column: the sheet's name gives the type."""
    wb = openpyxl.Workbook()
    single = wb.active
    single.title = "单选题"
    single.append(["题目", "A", "B", "C", "D", "正确答案", "出处"])
    single.append(["县级人民政府部门的政府信息公开专栏由谁维护？", "县政府办", "各部门自己", "网信办", "档案馆", "B", "年度报告 一（二）"])
    multi = wb.create_sheet("多选题")
    multi.append(["题目", "A", "B", "C", "正确答案", "出处"])
    multi.append(["哪些信息应当主动公开？", "机构职能", "财政预算", "内部讨论记录", "AB", "条例第二十条"])
    tf = wb.create_sheet("判断题")
    tf.append(["题目", "正确答案", "出处"])
    tf.append(["申请人可以通过互联网提出政府信息公开申请。", "√", "条例第二十九条"])
    tf.append(["过程性信息一律应当公开。", "×", "条例第十六条"])
    notes = wb.create_sheet("填写说明")
    notes.append(["每个工作表一种题型；答案填选项字母，判断题填 √ 或 ×。"])
    wb.save(path)


def wps_workbook(path):
    """What WPS 表格 writes differs from openpyxl in ways a reader notices: every text in the
    shared-string table (openpyxl writes inline strings), rich-text runs there, absolute
    targets in the workbook relationships, its own docProps and a KSOProductBuildVer
    property. WPS itself is not available here: openpyxl writes the workbook, then the
    package is rewritten the way WPS 11 saves it."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws.append(["序号", "试题类型", "试题内容", "选项A", "选项B", "选项C", "选项D", "参考答案", "答案解析", "法律依据"])
    rich = CellRichText([TextBlock(InlineFont(b=True), "依申请公开"), "的答复期限最长可以延长多少个工作日？"])
    ws.append([1, "单项选择题", rich, "10个", "15个", "20个", "30个", "C", "延长的期限最长不得超过20个工作日。", "条例第三十三条"])
    ws.append([2, "判断题", "公开低保名单时可以公开身份证号码。", None, None, None, None, "错", "身份证号码属于个人隐私。", "条例第十五条"])
    buffer = io.BytesIO()
    wb.save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    strings = []

    def to_shared(match):
        strings.append(match.group(2))
        return '<c r="%s" t="s"><v>%d</v></c>' % (match.group(1).decode(), len(strings) - 1)

    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(rb'<c r="([A-Z]+[0-9]+)" t="inlineStr"><is>(.*?)</is></c>', lambda m: to_shared(m).encode(), data)
                sst = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="%d" uniqueCount="%d">' % (len(strings), len(strings))
                sst += b"".join(b"<si>" + x + b"</si>" for x in strings) + b"</sst>"
                out.writestr("xl/sharedStrings.xml", sst)
            if item.filename == "[Content_Types].xml":
                data = data.replace(b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
            if item.filename == "xl/_rels/workbook.xml.rels":
                data = re.sub(rb'Target="/?xl/', b'Target="/xl/', data)
                data = re.sub(rb'Target="(?!/)', b'Target="/xl/', data)
                data = data.replace(b"</Relationships>", b'<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="/xl/sharedStrings.xml"/></Relationships>')
            if item.filename == "docProps/app.xml":
                data = re.sub(rb"<Application>[^<]*</Application>", "<Application>WPS 表格</Application>".encode(), data)
            out.writestr(item, data)
        out.writestr("docProps/custom.xml",
                     '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                     '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
                     'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
                     '<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="KSOProductBuildVer">'
                     '<vt:lpwstr>2052-11.1.0.14309</vt:lpwstr></property></Properties>')


def errors_workbook(path):
    """Every kind of unreadable row, each on a known row (header on row 1)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["题型", "题干", "选项A", "选项B", "选项C", "选项D", "答案", "依据"])
    ws.append(["单选题", "正常的一题？", "甲", "乙", "丙", "丁", "A", "条例第一条"])          # 2: fine
    ws.append(["单选题", "答案字母没有对应选项？", "甲", "乙", "丙", "丁", "E", "条例第一条"])  # 3: letter with no option
    ws.append(["判断题", "题型与答案不符？", None, None, None, None, "B", "条例第一条"])      # 4: type does not fit answer
    ws.append(["单选题", None, "甲", "乙", None, None, "A", "条例第一条"])                  # 5: empty stem
    ws.append(["单选题", "正常的一题？", "甲", "乙", "丙", "丁", "A", "条例第一条"])          # 6: duplicate of row 2
    ws.append(["问答题", "不认识的题型？", None, None, None, None, "随便", "条例第一条"])      # 7: unknown type
    ws.append(["单选题", "单选题给了两个答案？", "甲", "乙", "丙", None, "AB", "条例第一条"])  # 8: type does not fit answer
    wb.save(path)


CSV_ROWS = [
    ["编号", "题型", "题干", "选项A", "选项B", "选项C", "选项D", "答案", "解析", "依据"],
    ["csv-1", "单选题", "政府信息公开申请应当采用什么形式？", "书面形式", "只能口头", "只能电话", "只能来访", "A",
     "条例第二十九条：采用包括信件、数据电文在内的书面形式；确有困难的可以口头提出。", "条例第二十九条"],
    ["csv-2", "判断题", "行政机关不得以“商业秘密”为由拒绝公开所有信息，\n应当作区分处理。", "", "", "", "", "对", "条例第三十七条，含有“引号”，和逗号。", "条例第三十七条"],
    ["csv-3", "填空题", "政府信息公开工作机构的负责人同意后，答复期限最长可以延长____个工作日。", "", "", "", "", "20；二十", "", "条例第三十三条"],
]


def csv_text(rows):
    def cell(s):
        return '"' + s.replace('"', '""') + '"' if any(c in s for c in ',"\n') else s
    return "\r\n".join(",".join(cell(c) for c in row) for row in rows) + "\r\n"


def csv_files():
    text = csv_text(CSV_ROWS)
    open("bank-utf8.csv", "w", encoding="utf-8", newline="").write(text)
    open("bank-utf8-bom.csv", "w", encoding="utf-8-sig", newline="").write(text)
    # What Excel and WPS on Chinese Windows write for "CSV (逗号分隔)": the ANSI code page, GBK.
    open("bank-gbk.csv", "w", encoding="gbk", newline="").write(text)


DOC_LINES = [
    "景泰县政务公开应知应会题库",
    "一、单选题（每题1分）",
    "1. 不能当场答复的，应当自收到申请之日起多少个工作日内答复？",
    "A. 10个工作日",
    "B. 15个工作日",
    "C. 20个工作日",
    "D. 30个工作日",
    "【答案】C",
    "【解析】2019年修订的条例规定为20个工作日。",
    "【依据】条例第三十三条",
    "2、县政府信息公开工作年度报告由谁编制？",
    "A、县政府办公室  B、县统计局  C、县档案馆",
    "答案：A",
    "依据：条例第四十九条",
    "二、多选题",
    "3. 政府信息公开应当遵循哪些原则？",
    "（A）公正",
    "（B）公平",
    "（C）保密优先",
    "（D）便民",
    "【答案】ABD",
    "【解析】条例第五条。",
    "三、判断题",
    "4. 行政机关依申请提供政府信息，一般不收取费用。",
    "【答案】√",
    "【解析】条例第四十二条。",
    "5. 申请人的身份证号码可以随答复书一起公开。",
    "【答案】×",
    "【依据】条例第十五条",
    "四、填空题",
    "6. 全国政府信息公开工作的主管部门是国务院____。",
    "【答案】办公厅；国务院办公厅",
    "【依据】条例第三条",
]


def word_document(path):
    d = docx.Document()
    d.add_heading(DOC_LINES[0], level=1)
    for line in DOC_LINES[1:]:
        p = d.add_paragraph()
        if "、" in line[:3] and line[0] in "一二三四":
            p.add_run(line).bold = True
        else:
            p.add_run(line)
    d.save(path)


def numbered_word_document(path):
    """Questions numbered by Word itself (the List Number style), not typed: the numbers are not in the text."""
    d = docx.Document()
    d.add_paragraph("一、单选题")
    d.add_paragraph("不能当场答复的，应当自收到申请之日起多少个工作日内答复？", style="List Number")
    for option in ["A. 10个工作日", "B. 15个工作日", "C. 20个工作日"]:
        d.add_paragraph(option)
    d.add_paragraph("【答案】C")
    d.add_paragraph("【依据】条例第三十三条")
    d.add_paragraph("行政机关依申请公开政府信息的答复期限是（ C ）。", style="List Number")
    for option in ["A. 10个工作日", "B. 15个工作日", "C. 20个工作日"]:
        d.add_paragraph(option)
    d.add_paragraph("【依据】条例第三十三条")
    d.save(path)


def text_file(path):
    open(path, "w", encoding="utf-8").write("\n".join(DOC_LINES) + "\n")


ERROR_TEXT = """一、单选题
1. 答案字母没有对应选项？
A. 甲
B. 乙
【答案】C
【依据】条例第一条
2.
A. 甲
B. 乙
【答案】A
3. 正常的一题？
A. 甲
B. 乙
【答案】B
【依据】条例第一条
4. 正常的一题？
A. 甲
B. 乙
【答案】B
【依据】条例第一条
二、判断题
5. 判断题却给了字母？
【答案】A
【依据】条例第一条
"""

GIFT_TEXT = """// 由 Moodle 导出的题库
$CATEGORY: $course$/政务公开

// [id:gift-single] [tag:deadline]
::gift-single::不能当场答复的，应当自收到申请之日起多少个工作日内答复？{
  ~10个工作日#这是旧条例的……
  ~15个工作日
  =20个工作日#正确
  ~30个工作日
  ####条例第三十三条。
}

::原则::政府信息公开应当遵循哪些原则？{~%50%公正 ~%50%公平 ~%-100%保密优先}

::收费::行政机关依申请提供政府信息，一般不收取费用。{T}

::主管部门::全国政府信息公开工作的主管部门是国务院\\{____\\}。{=办公厅 =国务院办公厅}

::期限::主动公开的政府信息应当自形成之日起多少个工作日内公开？{#20:0}

::配对::把条款和内容配对。{=第十五条 -> 个人隐私 =第十六条 -> 过程性信息}
"""

MOODLE_XML = """<?xml version="1.0" encoding="UTF-8"?>
<quiz>
  <question type="category"><category><text>$course$/top/政务公开</text></category></question>
  <question type="multichoice">
    <name><text>期限</text></name>
    <questiontext format="html"><text><![CDATA[<p>不能当场答复的，应当自收到申请之日起<b>多少个工作日</b>内答复？</p>]]></text></questiontext>
    <generalfeedback format="html"><text><![CDATA[<p>条例第三十三条。</p>]]></text></generalfeedback>
    <defaultgrade>1.0000000</defaultgrade>
    <single>true</single>
    <answer fraction="0" format="html"><text>10个工作日</text><feedback format="html"><text></text></feedback></answer>
    <answer fraction="100" format="html"><text>20个工作日</text><feedback format="html"><text>正确</text></feedback></answer>
  </question>
  <question type="multichoice">
    <name><text>原则</text></name>
    <questiontext format="html"><text>政府信息公开应当遵循哪些原则？</text></questiontext>
    <generalfeedback format="html"><text></text></generalfeedback>
    <defaultgrade>2.0000000</defaultgrade>
    <single>false</single>
    <answer fraction="50"><text>公正</text></answer>
    <answer fraction="50"><text>公平</text></answer>
    <answer fraction="-100"><text>保密优先</text></answer>
  </question>
  <question type="truefalse">
    <name><text>收费</text></name>
    <questiontext format="html"><text>行政机关依申请提供政府信息，一般不收取费用。</text></questiontext>
    <answer fraction="100"><text>true</text></answer>
    <answer fraction="0"><text>false</text></answer>
  </question>
  <question type="numerical">
    <name><text>主动公开期限</text></name>
    <questiontext format="html"><text>主动公开的政府信息应当自形成之日起多少个工作日内公开？</text></questiontext>
    <answer fraction="100"><text>20</text><tolerance>1</tolerance></answer>
  </question>
  <question type="essay">
    <name><text>论述</text></name>
    <questiontext format="html"><text>论述政务公开的意义。</text></questiontext>
  </question>
</quiz>
"""

if __name__ == "__main__":
    template_workbook("bank.xlsx")
    by_type_workbook("by-type.xlsx")
    wps_workbook("wps.xlsx")
    errors_workbook("errors.xlsx")
    csv_files()
    word_document("bank.docx")
    numbered_word_document("numbered.docx")
    text_file("bank.txt")
    open("errors.txt", "w", encoding="utf-8").write(ERROR_TEXT)
    open("bank.gift", "w", encoding="utf-8").write(GIFT_TEXT)
    open("bank-moodle.xml", "w", encoding="utf-8").write(MOODLE_XML)
