import Testing

@testable import GongkaiCore

@Suite struct PathEscapingTests {
    static let hostile: [String] = [
        "../../x", "a/b", ".", "..", "...", "/", "/etc/passwd", "a\u{0}b", "\u{0}", "line\nbreak", "tab\there", "C:\\x",
        "~", "%2E%2E", "%", "name.json", " 张三 ", "张三", String(repeating: "政", count: 300), "😀", "👨‍👩‍👧", "emoji😀name",
        "a+b", "-rf", ".hidden", "CON", "x\u{7F}y", "\u{202E}evil",
    ]

    private func isSafe(_ component: String) -> Bool {
        !component.isEmpty && !component.contains("/") && component != "." && component != ".."
            && component.utf8.count <= 96 && !component.utf8.contains(0) && !component.hasPrefix(".")
            && component.unicodeScalars.allSatisfy { $0.isASCII && $0.value >= 0x20 && $0.value != 0x7F }
    }

    @Test(arguments: hostile)
    func everyNameBecomesOneSafeComponent(_ name: String) {
        let component = PathEscaping.component(name)
        #expect(isSafe(component), "\(component)")
        #expect(PathJoin.fileName(of: PathJoin.join("/results", component)) == component)
    }

    @Test func specificEscapes() {
        #expect(PathEscaping.component("../../x") == "%2E%2E%2F%2E%2E%2Fx")
        #expect(PathEscaping.component(".") == "%2E")
        #expect(PathEscaping.component("..") == "%2E%2E")
        #expect(PathEscaping.component("a/b") == "a%2Fb")
        #expect(PathEscaping.component("a\u{0}b") == "a%00b")
        #expect(PathEscaping.component("a\nb") == "a%0Ab")
        #expect(PathEscaping.component("张") == "%E5%BC%A0")
        #expect(PathEscaping.component("abc-XYZ_09") == "abc-XYZ_09")
        #expect(PathEscaping.component("%") == "%25")
    }

    @Test func distinctInputsGiveDistinctOutputs() {
        var inputs = Self.hostile
        inputs += ["A", "a", "%41", "a b", "a_b", "a%20b", "x.y", "x%2Ey", "_", "~x"]
        let long = String(repeating: "政务公开", count: 40)
        inputs += [long + "甲", long + "乙", long + "a", long, long + long]
        let outputs = inputs.map(PathEscaping.component)
        #expect(Set(inputs).count == inputs.count)
        #expect(Set(outputs).count == inputs.count)
    }

    @Test func emptyNameDoesNotCollideWithUnderscore() {
        #expect(isSafe(PathEscaping.component("")))
        #expect(PathEscaping.component("") != PathEscaping.component("_"))
    }

    @Test func longNamesSharingAPrefixStayDistinctAndBounded() {
        let prefix = String(repeating: "张", count: 100)
        let a = PathEscaping.component(prefix + "甲")
        let b = PathEscaping.component(prefix + "乙")
        #expect(a != b)
        #expect(a.utf8.count <= 96 && b.utf8.count <= 96)
        // Both were cut at the same place; only the hash part differs.
        #expect(a.split(separator: "~").first == b.split(separator: "~").first)
        // Cutting never leaves half an escape behind.
        let head = String(a.split(separator: "~").first!)
        let chars = Array(head)
        #expect(head.count % 3 == 0)
        for (index, c) in chars.enumerated() where c == "%" {
            #expect(index + 2 < chars.count && chars[index + 1].isHexDigit && chars[index + 2].isHexDigit)
        }
        #expect(PathEscaping.decode(head).hasPrefix(String(repeating: "张", count: 8)))
    }

    @Test func longASCIINamesAreCutToo() {
        let name = String(repeating: "a", count: 500)
        let component = PathEscaping.component(name)
        #expect(component.utf8.count <= 96)
        #expect(component.hasPrefix(String(repeating: "a", count: 40)))
        #expect(PathEscaping.component(name + "b") != component)
    }

    @Test(arguments: ["张三", "../../x", ".", "..", "a/b", "a\u{0}b", "line\nbreak", "😀", "%", "100%", "O'Brien", "a+b", "~"])
    func decodeReversesShortComponents(_ name: String) {
        #expect(PathEscaping.decode(PathEscaping.component(name)) == name)
    }

    @Test func traineeKeyIsOneComponentAndUnambiguous() {
        let a = Trainee(name: "b", unit: "a+")
        let b = Trainee(name: "+b", unit: "a")
        #expect(a.key != b.key)
        #expect(!a.key.contains("/"))
        let hostile = Trainee(name: "../../etc", unit: "/")
        #expect(!hostile.key.contains("/"))
        #expect(hostile.key.utf8.count <= 2 * 96 + 1)
    }
}
