import Testing

@testable import GongkaiCore

// MARK: - DisplayWidth

@Suite struct DisplayWidthTests {
    private func width(_ text: String) -> Int { DisplayWidth.of(text) }

    @Test func asciiIsOneColumnPerCharacter() {
        #expect(width("") == 0)
        #expect(width("abc") == 3)
        #expect(width("Hello, world!") == 13)
        #expect(width(" ") == 1)
    }

    @Test func cjkAndFullWidthAreTwoColumns() {
        #expect(width("中文") == 4)
        #expect(width("政务公开") == 8)
        #expect(width("Hello世界") == 9)
        #expect(width("，。、") == 6)
        #expect(width("ＡＢ") == 4)
        #expect(width("한글") == 4)
        #expect(width("かな") == 4)
        #expect(width("𠀀") == 2, "CJK extension B")
    }

    @Test func combiningMarksAndZeroWidthTakeNoColumns() {
        #expect(width("e\u{301}") == 1)
        #expect(width("a\u{300}\u{301}\u{302}") == 1)
        #expect(width("a\u{200B}b") == 2)
        #expect(width("\u{FEFF}") == 0)
        #expect(width("a\u{7}b") == 2, "control characters take no columns")
        #expect(width("\u{1B}") == 0)
    }

    @Test func emojiAreTwoColumns() {
        #expect(width("😀") == 2)
        #expect(width("👍") == 2)
        #expect(width("a😀b") == 4)
        #expect(DisplayWidth.of(Character("😀")) == 2)
    }

    @Test func emojiSequencesAreOneWideGlyph() {
        let family = "👨‍👩‍👧"
        let thumb = "👍🏽"
        #expect(DisplayWidth.of(Character(family)) == 2)
        #expect(DisplayWidth.of(Character(thumb)) == 2)
        // The width of a string is the width of its characters.
        #expect(width(family) == 2)
        #expect(width("家" + family + "人") == 6)
        #expect(width(thumb) == 2)
    }

    @Test func stringWidthIsTheSumOfCharacterWidths() {
        for text in ["政务公开 open data", "e\u{301}t\u{E9}", "Ａ１，b", "😀 中"] {
            #expect(width(text) == text.reduce(0) { $0 + DisplayWidth.of($1) }, "\(text)")
        }
    }

    @Test func padAndTruncateCountColumns() {
        #expect(DisplayWidth.pad("中", to: 4) == "中  ")
        #expect(DisplayWidth.pad("中", to: 4, alignRight: true) == "  中")
        #expect(DisplayWidth.pad("中文字", to: 4) == "中文字")
        #expect(DisplayWidth.truncate("中文字符", to: 5) == "中文…")
        #expect(width(DisplayWidth.truncate("中文字符", to: 5)) == 5)
        #expect(DisplayWidth.truncate("abcdef", to: 4) == "abc…")
        #expect(DisplayWidth.truncate("abc", to: 3) == "abc")
        #expect(DisplayWidth.truncate("abc", to: 1) == "…")
        #expect(DisplayWidth.truncate("abc", to: 0) == "")
    }
}

// MARK: - TextWrapper

@Suite struct TextWrapperTests {
    static let mixed =
        "政府信息公开应当坚持以公开为常态、不公开为例外，遵循公正、公平、合法、便民的原则。The Regulations on Open Government Information (条例) took effect on 15 May 2019，and require answers within 20 working days。行政机关应当建立健全政府信息公开协调机制，涉及其他机关的，应当与有关机关协商、确认，保证行政机关公开的政府信息准确一致。"

    static let chinese =
        "不能当场答复的，应当自收到申请之日起20个工作日内予以答复；需要延长答复期限的，应当经政府信息公开工作机构负责人同意并告知申请人，延长的期限最长不得超过20个工作日。"

    private func withoutSpaces(_ text: String) -> String { text.filter { $0 != " " } }

    @Test(arguments: [8, 9, 10, 11, 12, 15, 20, 21, 33, 40, 60, 80])
    func linesNeverExceedTheWidth(_ width: Int) {
        for text in [Self.mixed, Self.chinese] {
            for line in TextWrapper.wrap(text, width: width) {
                #expect(DisplayWidth.of(line) <= width, "width \(width): [\(line)] is \(DisplayWidth.of(line)) columns")
            }
        }
    }

    @Test(arguments: [8, 9, 10, 11, 12, 15, 20, 21, 33, 40, 60, 80])
    func noLineStartsWithClosingPunctuation(_ width: Int) {
        for text in [Self.mixed, Self.chinese] {
            let lines = TextWrapper.wrap(text, width: width)
            for line in lines.dropFirst() {
                if let first = line.first {
                    #expect(!"。，、；：？！）”".contains(first), "width \(width): line starts with \(first): [\(line)]")
                }
            }
        }
    }

    @Test(arguments: [8, 9, 10, 11, 12, 15, 20, 21, 33, 40, 60, 80])
    func everyCharacterIsKept(_ width: Int) {
        let chineseLines = TextWrapper.wrap(Self.chinese, width: width)
        #expect(chineseLines.joined() == Self.chinese)
        let mixedLines = TextWrapper.wrap(Self.mixed, width: width)
        #expect(withoutSpaces(mixedLines.joined()) == withoutSpaces(Self.mixed))
    }

    @Test func fullStopAtTheEdgeDoesNotOverflow() {
        // Five characters fill ten columns exactly; the full stop must not hang past the edge.
        let lines = TextWrapper.wrap("一二三四五。六七", width: 10)
        #expect(lines.allSatisfy { DisplayWidth.of($0) <= 10 }, "\(lines)")
        #expect(lines.joined() == "一二三四五。六七")
        #expect(lines.dropFirst().allSatisfy { $0.first != "。" }, "\(lines)")
    }

    @Test func closingQuoteAfterAFullStopDoesNotStartALine() {
        let lines = TextWrapper.wrap("他说：“依法公开。”然后离开了", width: 16)
        #expect(lines.joined() == "他说：“依法公开。”然后离开了")
        #expect(lines.dropFirst().allSatisfy { $0.first != "”" && $0.first != "。" }, "\(lines)")
    }

    @Test func latinWordsBreakAtSpaces() {
        let lines = TextWrapper.wrap("open government information disclosure", width: 16)
        #expect(lines == ["open government", "information", "disclosure"])
    }

    @Test func wordLongerThanTheLineIsBrokenByCharacters() {
        let lines = TextWrapper.wrap("https://www.gov.cn/zhengce/content/2019-04/15/content_5382991.htm", width: 20)
        #expect(lines.allSatisfy { DisplayWidth.of($0) <= 20 })
        #expect(lines.joined() == "https://www.gov.cn/zhengce/content/2019-04/15/content_5382991.htm")
        #expect(lines.count == 4)
    }

    @Test func paragraphsAndBlankLinesAreKept() {
        let lines = TextWrapper.wrap("第一段。\n\n第二段。", width: 40)
        #expect(lines == ["第一段。", "", "第二段。"])
    }

    @Test func indentIsAppliedToEveryLineAndCounted() {
        let lines = TextWrapper.wrap(Self.chinese, width: 20, indent: "  ")
        #expect(lines.count > 3)
        for line in lines {
            #expect(line.hasPrefix("  "))
            #expect(DisplayWidth.of(line) <= 20, "[\(line)]")
        }
        #expect(lines.map { String($0.dropFirst(2)) }.joined() == Self.chinese)
    }

    @Test func shortTextIsOneLine() {
        #expect(TextWrapper.wrap("政务公开", width: 80) == ["政务公开"])
        #expect(TextWrapper.wrap("", width: 80) == [""])
    }
}

// MARK: - TextNormalization

@Suite struct TextNormalizationTests {
    @Test func sanitizeLineStripsCSISequences() {
        #expect(TextNormalization.sanitizeLine("\u{1B}[31mred\u{1B}[0m") == "red")
        #expect(TextNormalization.sanitizeLine("A\u{1B}[2J\u{1B}[1;1H") == "A")
        #expect(TextNormalization.sanitizeLine("\u{1B}[A\u{1B}[B对") == "对")
    }

    @Test func sanitizeLineStripsOSCSequences() {
        #expect(TextNormalization.sanitizeLine("\u{1B}]0;title\u{7}text") == "text")
        #expect(TextNormalization.sanitizeLine("\u{1B}]8;;http://x\u{9C}link") == "link")
    }

    @Test func sanitizeLineStripsSS3KeySequences() {
        // Arrow keys in application cursor mode send ESC O A … ESC O D: the final
        // letter is part of the key, not an answer letter.
        #expect(TextNormalization.sanitizeLine("\u{1B}OA") == "")
        #expect(TextNormalization.sanitizeLine("B\u{1B}OD") == "B")
    }

    @Test func sanitizeLineStripsControlCharactersAndKeepsText() {
        #expect(TextNormalization.sanitizeLine("a\u{0}b\u{7}c\u{8}d\r\n") == "abcd")
        #expect(TextNormalization.sanitizeLine("x\u{7F}y\u{85}z\u{9B}") == "xyz")
        #expect(TextNormalization.sanitizeLine("a\tb") == "a b")
        #expect(TextNormalization.sanitizeLine("政务公开 ＡＢ 😀") == "政务公开 ＡＢ 😀")
        #expect(TextNormalization.sanitizeLine("\u{1B}") == "")
    }

    @Test func sanitizedLinesContainNoControlScalars() {
        let nasty = (0..<0x20).map { String(UnicodeScalar(UInt8($0))) }.joined() + "ok\u{7F}\u{80}\u{9F}"
        let clean = TextNormalization.sanitizeLine(nasty)
        #expect(clean.unicodeScalars.allSatisfy { $0.value >= 0x20 && !(0x7F...0x9F).contains($0.value) })
        #expect(clean.contains("ok"))
    }

    @Test func foldAppliesNFKCLowercasesAndCollapsesSpaces() {
        #expect(TextNormalization.fold("ＡＢＣ") == "abc")
        #expect(TextNormalization.fold("  a   b\t c  ") == "a b c")
        #expect(TextNormalization.fold("２０２０") == "2020")
        #expect(TextNormalization.fold("①") == "1")
        #expect(TextNormalization.fold("Ａ，Ｃ") == "a,c")
        #expect(TextNormalization.fold("e\u{301}") == "\u{E9}")
    }

    @Test func answerKeyIgnoresPunctuationAndSpaces() {
        #expect(TextNormalization.answerKey("20 个工作日。") == "20个工作日")
        #expect(TextNormalization.answerKey("《条例》") == "条例")
        #expect(TextNormalization.answerKey("（国务院）办公厅！") == "国务院办公厅")
    }
}

/// English counts agree with their nouns; Chinese has no plural and is unchanged.
@Suite struct EnglishCountTests {
    @Test func oneIsSingularEverythingElsePlural() {
        #expect(counted(1, "course") == "1 course")
        #expect(counted(0, "course") == "0 courses")
        #expect(counted(2, "entry", "entries") == "2 entries")
        #expect(counted(1, "entry", "entries") == "1 entry")
    }

    @Test func validateSummary() {
        let one = ValidateSummary(courses: 1, checklists: 1, rosters: 1, questions: 1, errors: 1, warnings: 1)
        #expect(one.text(in: .en) == "Checked 1 course (1 question), 1 checklist, 1 roster: 1 error, 1 warning.")
        let two = ValidateSummary(courses: 2, checklists: 0, rosters: 2, questions: 9, errors: 0, warnings: 2)
        #expect(two.text(in: .en) == "Checked 2 courses (9 questions), 0 checklists, 2 rosters: no errors, 2 warnings.")
        #expect(one.text(in: .zh) == "检查了 1 门课程（1 道题）、1 张自查表、1 份花名册：1 个错误，1 个警告。")
    }

    @Test func reportNotesAgreeInNumber() {
        #expect(ReportText.skippedSummary(1).text(in: .en) == "1 record was skipped.")
        #expect(ReportText.skippedSummary(3).text(in: .en) == "3 records were skipped.")
        #expect(ReportText.strictFailed(1).text(in: .en) == "--strict: 1 record is unreadable or modified; no report produced.")
        #expect(ReportText.tamperedNote(1, "a.json").text(in: .en) == "1 record no longer matches its digest and may have been edited by hand: a.json")
        #expect(ReportText.tamperedNote(2, "a.json, b.json").text(in: .en).hasPrefix("2 records no longer match their digest"))
    }
}

/// Terminal tables: columns line up by display width, colour codes take no room,
/// a cell too wide for its column wraps and loses no text.
@Suite struct TextTableTests {
    @Test func columnsLineUpByDisplayWidth() {
        let text = TextTable.render(headers: ["单位", "人数"], rows: [["喜泉镇", "3"], ["县财政局", "12"], ["x", "100"]], width: 80, numeric: [1])
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.count == 5)
        // The second column ends in the same terminal column on every line.
        let ends = lines.enumerated().filter { $0.offset != 1 }.map { DisplayWidth.of($0.element) }
        #expect(Set(ends).count == 1, "\(lines)")
        #expect(lines[4].hasPrefix("x ") && lines[4].hasSuffix("100"))
        #expect(lines[2].hasSuffix("  3"), "numbers are right-aligned: \(lines[2])")
    }

    @Test func colourCodesTakeNoRoom() {
        let plain = TextTable.render(headers: ["a", "b"], rows: [["通过", "x"]], width: 80)
        let coloured = TextTable.render(headers: ["a", "b"], rows: [["\u{1B}[32m通过\u{1B}[0m", "x"]], width: 80)
        #expect(coloured.split(separator: "\n").map { TextTable.stripANSI(String($0)) } == plain.split(separator: "\n").map(String.init))
        #expect(coloured.contains("\u{1B}[32m"), "the colour is kept")
    }

    @Test func aCellTooWideWrapsAndLosesNoText() {
        let long = "政府信息公开工作年度报告应当包括下列内容：主动公开政府信息的情况，收到和处理政府信息公开申请的情况"
        let text = TextTable.render(headers: ["编号", "内容"], rows: [["1", long], ["2", "短"]], width: 30)
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.allSatisfy { DisplayWidth.of($0) <= 29 }, "\(lines)")
        let second = lines.dropFirst(2).map { String($0.dropFirst(6)) }.joined()
        #expect(second.contains(long), "\(lines)")
        #expect(lines.last == "2     短")
    }

    /// Rows like the shell's `courses`, `history` and `unit` tables.
    static let headers = ["编号", "课程", "题数", "状态", "最高分", "次数"]
    static let rows = [
        ["column-maintenance", "政府信息公开专栏维护 [必修]", "15/47", "未开始", "-", "0"],
        ["confidentiality-review", "保密审查 [必修]", "15/48", "已通过", "86.7%", "2"],
        ["request-handling", "依申请公开办理 [必修]", "15/50", "未通过", "79.95%", "1/3"],
    ]
    static let historyHeaders = ["时间", "课程", "得分", "得分率", "结果"]
    static let historyRows = [
        ["2026-12-04 09:30", "依申请公开办理", "11.67/15", "77.8%", "未通过"],
        ["2026-12-04 10:05", "政府信息公开专栏维护", "13/15", "86.7%", "通过"],
    ]

    @Test(arguments: [40, 60, 100])
    func noIdDateOrNumberIsSplitAtAnyWidth(width: Int) {
        for (headers, rows) in [(Self.headers, Self.rows), (Self.historyHeaders, Self.historyRows)] {
            let text = TextTable.render(headers: headers, rows: rows, width: width)
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            #expect(lines.allSatisfy { DisplayWidth.of($0) <= width - 1 }, "fits \(width): \(lines)")
            // Every narrow token (id, date, time, score) appears whole on one line.
            for row in rows {
                for cell in row {
                    for token in cell.split(whereSeparator: { $0 == " " || DisplayWidth.of($0) != 1 }) where token.count > 1 {
                        #expect(lines.contains { $0.contains(token) }, "\(token) split at \(width):\n\(text)")
                    }
                }
            }
        }
    }

    @Test func aTableTooNarrowForItsIdsBecomesOneRecordABlock() {
        let text = TextTable.render(headers: Self.headers, rows: Self.rows, width: 40)
        #expect(text.contains("编号    confidentiality-review"), "\(text)")
        #expect(text.contains("最高分  79.95%"), "\(text)")
        #expect(text.components(separatedBy: "\n\n").count == 3, "a blank line between records: \(text)")
        let wide = TextTable.render(headers: Self.headers, rows: Self.rows, width: 100)
        #expect(wide.split(separator: "\n").count == 5, "at 100 columns: a header, a rule and three rows")
    }

    @Test func unbreakableWidthIsTheLongestNarrowRun() {
        #expect(TextTable.unbreakableWidth("column-maintenance") == 18)
        #expect(TextTable.unbreakableWidth("政府信息公开") == 2)
        #expect(TextTable.unbreakableWidth("2026-12-04 09:30") == 10)
        #expect(TextTable.unbreakableWidth("依申请 86.7%") == 5)
    }

    @Test(arguments: [40, 60, 100])
    func packedLabelsAreNeverSplit(width: Int) {
        let labels = ["一条山镇（yitiaoshan）", "芦阳镇（luyang）", "上沙沃镇（shangshawo）", "喜泉镇（xiquan）", "草窝滩镇（caowotan）", "漫水滩乡（manshuitan）"]
        let lines = TextTable.pack(labels, width: width - 1, indent: "  ")
        for label in labels { #expect(lines.contains { $0.contains(label) }, "\(label) whole at \(width)") }
        #expect(lines.allSatisfy { DisplayWidth.of($0) <= width - 1 })
    }

    @Test func closingPunctuationCarriesAWholeDateDown() {
        let lines = TextWrapper.wrap("你已签到过 政务公开业务培训（2020-07-08），不重复签到。", width: 39)
        #expect(lines.contains { $0.contains("2020-07-08") }, "\(lines)")
        #expect(!lines.contains { $0.hasPrefix("）") || $0.hasPrefix("，") })
    }

    @Test func theHeaderIsStyledByTheCaller() {
        let text = TextTable.render(headers: ["a"], rows: [["b"]], width: 80, header: { "[" + $0 + "]" })
        #expect(text.hasPrefix("[a]\n"))
    }
}
