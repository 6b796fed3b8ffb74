import Foundation
import Testing

/// Chinese and wide characters typed at readline prompts are kept exactly, and
/// a name can never steer where files are written.
@Suite("Wide input and safe paths")
struct WideInputTests {
    /// 200 characters with path tricks, an emoji and Chinese text.
    static let awkwardName: String = {
        let head = "../../张三/王五😀"
        let filler = Array("政务公开信息依申请答复")
        var name = head
        var i = 0
        while name.count < 200 {
            name.append(filler[i % filler.count])
            i += 1
        }
        return name
    }()

    @Test("a 200-character name with /, .. and an emoji is stored faithfully and never becomes a path")
    func awkwardNameAtThePrompt() throws {
        let name = Self.awkwardName
        #expect(name.count == 200)
        let box = Sandbox()
        let term = try box.terminal()
        try term.expectBanner()
        try term.line("login")
        try term.expect("姓名：")
        try term.line(name)
        try term.expect("单位（编号或名称，Tab 补全，? 列出全部）：")
        try term.line("xiquan")
        try term.expect("培训场次（回车选择")
        try term.send("\r")
        try term.expect("已签到：政务公开业务培训（2020-07-08）。")
        // The prompt shows a shortened name; wait for it by its unit.
        try term.expect("@喜泉镇> ")

        // Leave a quiz half done so that an autosave (keyed by the name) exists too.
        try term.line("quiz sample")
        _ = try term.answerCorrectly()
        _ = try term.nextQuestion()
        try term.line("quit")
        try term.expect("测验已暂停，进度已保存。")
        try term.expect("@喜泉镇> ")
        try term.line("whoami")
        try term.expect("@喜泉镇> ")
        try term.send("\u{04}")
        #expect(try term.waitForExit() == 0)

        let attendance = Sandbox.jsonFiles(in: box.results + "/attendance/2020-07-08-training")
        #expect(attendance.count == 1, "\(Sandbox.files(under: box.root))")
        let record = try Sandbox.json(at: try #require(attendance.first))
        let trainee = record["trainee"] as? [String: Any]
        #expect(trainee?["name"] as? String == name, "stored: \(String(describing: trainee?["name"]))")
        #expect(trainee?["unit"] as? String == "xiquan")

        let progress = Sandbox.files(under: box.results + "/progress")
        #expect(progress.count == 1, "\(progress)")
        let saved = try Sandbox.json(at: box.results + "/progress/" + (try #require(progress.first)))
        #expect((saved["trainee"] as? [String: Any])?["name"] as? String == name)

        // Every file written is inside the results folder (or is the readline
        // history under XDG_DATA_HOME): walk the whole sandbox.
        for file in Sandbox.files(under: box.root) {
            let inResults = file.hasPrefix("box/work/results/")
            let isHistory = box.root + "/" + file == box.historyFile
            let isInputrc = file == "home/inputrc"
            // The snapshot of the (unchanged) course folder, named by a hash of its path.
            let isCourseSnapshot = file.hasPrefix("home/.cache/gongkai/courses-") && file.hasSuffix(".bin") && !file.contains("张三")
            #expect(inResults || isHistory || isInputrc || isCourseSnapshot, "written outside the results folder: \(file)")
            for component in file.split(separator: "/") {
                #expect(component != ".." && component != ".", "\(file)")
                #expect(component.utf8.count <= 255, "component too long for a file system: \(component)")
                #expect(!component.contains("张三") && !component.contains("😀"), "raw name in a path: \(file)")
            }
        }
        // Nothing landed next to the sandbox, where `../..` would point.
        let parent = URL(fileURLWithPath: box.root).deletingLastPathComponent().path
        for escaped in ["张三", "王五😀", name] {
            #expect(!FileManager.default.fileExists(atPath: parent + "/" + escaped))
        }
    }

    @Test("Chinese text edits at readline prompts: Backspace, Ctrl-A, and Tab completing a Chinese unit name")
    func editingChinese() throws {
        let box = Sandbox()
        let term = try box.terminal()
        try term.expectBanner()
        try term.line("login")
        try term.expect("姓名：")
        // "五六", Backspace removes 六 (one wide character, three bytes), Ctrl-A goes
        // to the start, then 王 is inserted before 五.
        try term.send("五六")
        try term.expect("五六")
        try term.send(bytes: [0x7F])
        try term.send(bytes: [0x01])
        try term.send("王\r")
        try term.expect("单位（编号或名称，Tab 补全，? 列出全部）：")
        // A unit by its Chinese name, completed with Tab.
        try term.send("芦\t")
        try term.expect("芦阳镇")
        try term.send("\r")
        try term.expect("培训场次（回车选择")
        try term.line("none")
        try term.expect("欢迎，王五（芦阳镇）。")
        try term.expect("王五@芦阳镇> ")
        try term.line("whoami")
        let whoami = try term.expect("王五@芦阳镇> ")
        #expect(whoami.contains("王五，芦阳镇（luyang），自学"), "\(whoami)")
        try term.send("\u{04}")
        #expect(try term.waitForExit() == 0)
        // Self-study: no session, so no sign-in record.
        #expect(!FileManager.default.fileExists(atPath: box.results + "/attendance"), "\(Sandbox.files(under: box.results))")
    }
}
