import Foundation
import Testing

/// Chinese text wraps to the terminal: nothing the shell prints is wider than the window.
@Suite("Wrapping")
struct WrappingTests {
    /// Columns a string takes on a terminal (East Asian wide and emoji count 2).
    static func displayWidth(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { width, s in
            let v = s.value
            if v == 0x200B || (0x0300...0x036F).contains(v) || (0xFE00...0xFE0F).contains(v) { return width }
            let wide =
                (0x1100...0x115F).contains(v) || (0x2E80...0x303E).contains(v) || (0x3041...0x33FF).contains(v)
                || (0x3400...0x4DBF).contains(v) || (0x4E00...0x9FFF).contains(v) || (0xA000...0xA4CF).contains(v)
                || (0xAC00...0xD7A3).contains(v) || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v)
                || (0xFF00...0xFF60).contains(v) || (0xFFE0...0xFFE6).contains(v) || (0x1F300...0x1F64F).contains(v)
                || (0x1F900...0x1F9FF).contains(v) || (0x20000...0x3FFFD).contains(v)
            return width + (wide ? 2 : 1)
        }
    }

    @Test("lessons and questions wrap to a 50-column terminal")
    func narrowTerminal() throws {
        let box = Sandbox()
        let columns = 50
        let term = try PseudoTerminal(
            E2E.binary, arguments: E2E.shellArguments(results: box.results),
            environment: box.environment(columns: columns), directory: box.work, columns: columns, rows: 30)
        try term.expectBanner()
        try term.login("张三", unit: "xiquan", unitName: "喜泉镇")
        try term.line("study sample")
        var printed = try term.expect("[q] 退出 > ")
        try term.send("\r")
        printed += try term.expect("本课程已读完")
        try term.expect("张三@喜泉镇> ")
        try term.line("quiz sample")
        for _ in 0..<3 {
            printed += try term.expect("答案> ")
            try term.line("skip")
        }
        // Wait for the next prompt: keys typed while a command runs may be lost by the terminal.
        try term.expect("答案> ")
        #expect(printed.contains("不能当场答复的"), "the lesson was shown")
        let body = printed.split(separator: "\n").map(String.init).filter { !$0.contains("> ") }
        #expect(body.count > 10)
        for line in body {
            #expect(Self.displayWidth(line) <= columns, "wider than \(columns) columns (\(Self.displayWidth(line))): \(line)")
        }
        try term.send("\u{04}")
        #expect(try term.waitForExit() == 0)
    }
}
