import Foundation
import Testing

/// The trainee's side through a real pseudo-terminal 40 columns wide: a table that
/// becomes one record a block, the answer sheet, a flag that survives Ctrl-C and resume.
@Suite("Trainee side in a narrow terminal")
struct TraineeTerminalTests {
    @Test("40 columns: courses as blocks; flag, list, Ctrl-C, resume keeps the flag")
    func narrowTerminalAnswerSheetAndResume() throws {
        let box = Sandbox()
        let term = try box.terminal(columns: 40)
        try term.expectBanner()
        try term.line("login 张 三 --unit 喜泉镇")
        try term.expect("培训场次")
        try term.send("\r")
        try term.expect("欢迎，张三（喜泉镇）。")
        let prompt = "张三@喜泉镇> "
        try term.expect(prompt)

        try term.line("courses")
        let table = try term.expect(prompt)
        #expect(table.contains("编号    sample"), "one record a block at 40 columns: \(table)")
        #expect(!table.contains("────────────────────────────────────────"), "no rule wider than the window: \(table)")

        try term.line("quiz 示例")
        try term.expect("第 1/")
        try term.expect("答案> ")
        try term.line("flag")
        try term.expect("已标记第 1 题")
        try term.line("list")
        let sheet = try term.expect("回车继续：")
        #expect(sheet.contains("▶  1⚑"), "\(sheet)")
        try term.send("\r")
        try term.expect("答案> ")
        try term.send("\u{03}")
        try term.expect("[y/N]")
        try term.send("y\r")
        try term.expect(prompt)
        try term.line("resume")
        try term.expect("答案> ")
        try term.line("list")
        let again = try term.expect("回车继续：")
        #expect(again.contains("标记 1 题"), "the flag was kept in the autosave: \(again)")
        try term.send("\r")
        try term.expect("答案> ")
        try term.line("quit")
        try term.expect(prompt)
        try term.send("\u{04}")
        #expect(try term.waitForExit() == 0)
    }
}
