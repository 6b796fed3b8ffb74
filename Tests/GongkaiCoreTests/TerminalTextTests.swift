import Testing

@testable import GongkaiCore

/// Terminals are not an attack surface (issue 13): names and paths from records and files
/// reach the screen with control characters, escape sequences and bidi overrides made visible.
@Suite struct TerminalTextTests {
    static let hostile = [
        "张三\u{1B}]0;owned\u{07}", "\u{1B}[2J\u{1B}[H清屏", "李\u{9B}31m四", "王五\u{202E}txt.exe", "a\u{2066}b\u{2069}",
        "bell\u{07}", "nul\u{0}", "cr\rover", "del\u{7F}", "\u{061C}x", "\u{200F}rtl",
    ]

    @Test func everyControlIsMadeVisibleAndNothingUnsafeRemains() {
        for text in Self.hostile {
            let clean = TerminalText.clean(text)
            #expect(!clean.unicodeScalars.contains(where: TerminalText.isUnsafe), "\(clean.debugDescription)")
            #expect(clean.contains("\\u{"), "made visible, not silently dropped: \(clean)")
            #expect(TerminalText.clean(clean) == clean, "cleaning twice changes nothing")
        }
        #expect(TerminalText.clean("王五\u{202E}txt.exe") == "王五\\u{202E}txt.exe")
        #expect(TerminalText.clean("a\u{1B}[31mb") == "a\\u{1B}[31mb")
    }

    @Test func plainTextAndOurOwnColourPassUnchanged() {
        for text in ["张三 / 喜泉镇 100%", "line one\nline two\tTabbed", "", "Ünïcødé ✓ 😀"] {
            #expect(TerminalText.clean(text) == text)
            #expect(TerminalText.cell(text) == text)
        }
        let coloured = "\u{1B}[32m通过\u{1B}[0m"
        #expect(TerminalText.clean(coloured, keepingColour: true) == coloured)
        #expect(TerminalText.clean(coloured) != coloured, "without keepingColour even a colour code is shown")
        // A clear-screen is not a colour code, even where colour is kept.
        #expect(TerminalText.clean("\u{1B}[2J", keepingColour: true) == "\\u{1B}[2J")
    }

    @Test func aHundredThousandCharacterNameIsCutWithAMarker() {
        let name = String(repeating: "长", count: 100_000)
        let cell = TerminalText.cell(name)
        #expect(cell.count < TerminalText.fieldLimit + 20)
        #expect(cell.hasPrefix(String(repeating: "长", count: TerminalText.fieldLimit)))
        #expect(cell.hasSuffix("…[+\(100_000 - TerminalText.fieldLimit)]"))
        let line = TerminalText.clean("姓名：" + name + "\n下一行")
        #expect(line.count < TerminalText.lineLimit + 20)
        #expect(line.hasSuffix("]\n下一行"))
    }

    @Test func tablesCleanTheirCells() {
        let table = TextTable.render(headers: ["姓名", "单位"], rows: [["张\u{1B}[2J三", "喜泉镇\u{202E}"], [String(repeating: "x", count: 5000), "y"]], width: 400)
        #expect(!table.unicodeScalars.contains(where: TerminalText.isUnsafe))
        #expect(table.contains("张\\u{1B}[2J三"))
        #expect(!table.contains(String(repeating: "x", count: TerminalText.fieldLimit + 1)))
    }
}
