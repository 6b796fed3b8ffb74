import Foundation
import Testing

/// Colour on a terminal unless NO_COLOR is set.
@Suite("Colour")
struct ColourTests {
    /// SGR sequences (`ESC [ … m`): the codes that set colour and weight.
    static func sgrCodes(in raw: String) -> [String] {
        var codes: [String] = []
        var scalars = Array(raw.unicodeScalars)[...]
        while let escape = scalars.firstIndex(of: "\u{1B}") {
            scalars = scalars[(escape + 1)...]
            guard scalars.first == "[" else { continue }
            var body = ""
            var index = scalars.startIndex + 1
            while index < scalars.endIndex, !(0x40...0x7E).contains(scalars[index].value) {
                body.unicodeScalars.append(scalars[index])
                index += 1
            }
            if index < scalars.endIndex, scalars[index] == "m" { codes.append(body) }
            scalars = scalars[min(index, scalars.endIndex)...]
        }
        return codes
    }

    func session(color: Bool) throws -> (raw: String, status: Int32) {
        let box = Sandbox()
        let term = try box.terminal(color: color)
        try term.expectBanner()
        try term.line("login 赵六 --unit caizheng --session 2020-07-08-training")
        try term.expect("已签到")
        try term.expect("赵六@财政局> ")
        try term.line("bogus")
        try term.expect("未知命令")
        try term.expect("赵六@财政局> ")
        try term.send("\u{04}")
        let status = try term.waitForExit()
        return (term.rawText, status)
    }

    @Test("TERM=xterm without NO_COLOR shows colour; NO_COLOR=1 shows none")
    func colourFollowsNoColor() throws {
        let coloured = try session(color: true)
        #expect(coloured.status == 0)
        let codes = Self.sgrCodes(in: coloured.raw)
        #expect(codes.contains("1"), "bold banner: \(codes)")
        #expect(codes.contains("32"), "green sign-in: \(codes)")
        #expect(codes.contains("31"), "red error: \(codes)")

        let plain = try session(color: false)
        #expect(plain.status == 0)
        #expect(Self.sgrCodes(in: plain.raw).isEmpty, "NO_COLOR=1 but: \(Self.sgrCodes(in: plain.raw))")
        #expect(EscapeStripper.strip(plain.raw).contains("已签到"))
    }
}
