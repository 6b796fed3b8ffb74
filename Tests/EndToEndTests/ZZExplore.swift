import Foundation
import Testing

@Test func explore() throws {
    let box = Sandbox()
    FileManager.default.createFile(atPath: box.work + "/Apple-notes.txt", contents: Data())
    let term = try box.terminal()
    try term.expectBanner()
    try term.send("quiz \t")
    try term.expect("sample")
    try term.send("\u{03}")
    try term.expect("gongkai> ")
    try term.login("张三", unit: "xiquan", unitName: "喜泉镇")
    try term.line("quiz sample")
    _ = try term.nextQuestion()
    try term.send("Ap\t")
    try term.send("\r")
    _ = try term.expect("答案> ")
    try term.send("\u{04}")
    _ = try term.waitForExit()
    print("TRANSCRIPT<<<\(term.transcript)>>>")
}
