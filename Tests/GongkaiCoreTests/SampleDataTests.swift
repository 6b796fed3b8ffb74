import Foundation
import Testing

@testable import GongkaiCore

/// Finds numbers in course text that could belong to a real person or company: a mobile or
/// landline number written out in full, an ID number with a correct GB 11643 check digit, a bank
/// card number passing the Luhn check, a unified social credit code with a correct GB 32100
/// check character. Sample data must be masked (139****5678) or fail its check digit.
struct SampleDataScanner {
    struct Finding: Equatable, CustomStringConvertible {
        var kind: String
        var value: String
        var description: String { "\(kind): \(value)" }
    }

    static func scan(_ text: String) -> [Finding] {
        var findings: [Finding] = []
        for token in tokens(text, isPart: { $0.isASCII && ($0.isNumber || $0.isUppercase || $0 == "x") }) {
            let upper = token.uppercased()
            if upper.count == 18, isValidIDNumber(upper) {
                findings.append(Finding(kind: "ID number", value: token))
            } else if upper.count == 18, isValidCreditCode(upper) {
                findings.append(Finding(kind: "credit code", value: token))
            } else if (16...19).contains(token.count), token.allSatisfy(\.isNumber), passesLuhn(token) {
                findings.append(Finding(kind: "bank card", value: token))
            } else if token.count == 11, token.allSatisfy(\.isNumber), token.hasPrefix("1"), let second = token.dropFirst().first,
                      ("3"..."9").contains(second) {
                findings.append(Finding(kind: "mobile", value: token))
            }
        }
        // Landlines: area code 0xx(x), a hyphen or not, 7–8 digits.
        for token in tokens(text, isPart: { $0.isASCII && ($0.isNumber || $0 == "-") }) {
            let parts = token.split(separator: "-", omittingEmptySubsequences: false)
            if parts.count == 2, parts[0].hasPrefix("0"), (3...4).contains(parts[0].count), (7...8).contains(parts[1].count) {
                findings.append(Finding(kind: "landline", value: token))
            }
        }
        return findings
    }

    private static func tokens(_ text: String, isPart: (Character) -> Bool) -> [String] {
        var result: [String] = []
        var current = ""
        for character in text {
            if isPart(character) {
                current.append(character)
            } else if !current.isEmpty {
                result.append(current)
                current = ""
            }
        }
        if !current.isEmpty { result.append(current) }
        return result
    }

    /// GB 11643-1999: 17 digits, then a check character from ISO 7064 MOD 11-2.
    static func isValidIDNumber(_ value: String) -> Bool {
        let characters = Array(value)
        guard characters.count == 18, characters.prefix(17).allSatisfy(\.isNumber) else { return false }
        return characters[17] == idCheckCharacter(String(characters.prefix(17)))
    }

    static func idCheckCharacter(_ first17: String) -> Character {
        let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
        let sum = zip(first17, weights).reduce(0) { $0 + Int(String($1.0))! * $1.1 }
        return Array("10X98765432")[sum % 11]
    }

    static func passesLuhn(_ digits: String) -> Bool {
        var sum = 0
        for (position, character) in digits.reversed().enumerated() {
            var digit = Int(String(character))!
            if position % 2 == 1 {
                digit *= 2
                if digit > 9 { digit -= 9 }
            }
            sum += digit
        }
        return sum % 10 == 0
    }

    /// GB 32100-2015: 17 characters from the code's alphabet, then a check character (mod 31).
    static let creditAlphabet = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")

    static func isValidCreditCode(_ value: String) -> Bool {
        let characters = Array(value)
        guard characters.count == 18, characters.allSatisfy(creditAlphabet.contains) else { return false }
        return characters[17] == creditCheckCharacter(String(characters.prefix(17)))
    }

    static func creditCheckCharacter(_ first17: String) -> Character {
        let weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
        let sum = zip(first17, weights).reduce(0) { $0 + creditAlphabet.firstIndex(of: $1.0)! * $1.1 }
        return creditAlphabet[(31 - sum % 31) % 31]
    }
}

@Suite struct SampleDataTests {
    /// Every course, checklist and roster file under `Courses/`.
    static func courseFiles() throws -> [String] {
        let root = CourseContentTests.coursesFolder
        let enumerator = try #require(FileManager.default.enumerator(atPath: root))
        return enumerator.compactMap { $0 as? String }.filter { $0.hasSuffix(".yaml") }.sorted().map { root + "/" + $0 }
    }

    @Test func noCourseFileHoldsANumberThatCouldBeReal() throws {
        let files = try Self.courseFiles()
        #expect(files.count >= 5, "the scan must see the modules, the checklist and the roster")
        for file in files {
            let text = try String(contentsOfFile: file, encoding: .utf8)
            let findings = SampleDataScanner.scan(text)
            #expect(findings.isEmpty, "\(file): \(findings)")
        }
    }

    @Test func theRedactionDraftsStillContainMaskedOrInvalidSampleNumbers() throws {
        // The drafts must keep something to withhold: masked phones and ID numbers failing the check.
        let text = try String(contentsOfFile: CourseContentTests.coursesFolder + "/confidentiality-review.yaml", encoding: .utf8)
        #expect(text.contains("139****5678"))
        #expect(text.contains("身份证号码"))
    }

    // The scanner can fail: a number with a correct check digit is flagged.

    @Test func aValidIDNumberIsFlaggedAndOneWithAWrongCheckDigitIsNot() {
        let first17 = "11010519491231002"
        let check = SampleDataScanner.idCheckCharacter(first17)
        #expect(check == "X")  // the GB 11643 worked example
        #expect(SampleDataScanner.scan("身份证号码\(first17)\(check)，住址").map(\.kind) == ["ID number"])
        #expect(SampleDataScanner.scan("身份证号码\(first17)\(check)".lowercased()).map(\.kind) == ["ID number"])
        let wrong: Character = check == "0" ? "1" : "0"
        let invalid = SampleDataScanner.scan("身份证号码\(first17)\(wrong)")
        #expect(!invalid.contains { $0.kind == "ID number" })
    }

    @Test func aLuhnValidCardIsFlagged() {
        #expect(SampleDataScanner.passesLuhn("79927398713"))  // the textbook Luhn example
        #expect(!SampleDataScanner.passesLuhn("79927398710"))
        let body = "621700001234567890"
        let valid = (0...9).map { body + String($0) }.first { SampleDataScanner.passesLuhn($0) }!
        #expect(SampleDataScanner.scan("账号\(valid)").map(\.kind) == ["bank card"])
        let invalid = (0...9).map { body + String($0) }.first { !SampleDataScanner.passesLuhn($0) }!
        #expect(SampleDataScanner.scan("账号\(invalid)").isEmpty)
    }

    @Test func aValidCreditCodeIsFlagged() {
        let first17 = "91620423MA72XK8L3"
        let valid = first17 + String(SampleDataScanner.creditCheckCharacter(first17))
        #expect(SampleDataScanner.scan("统一社会信用代码\(valid)）").map(\.kind) == ["credit code"])
        let wrong: Character = valid.last == "0" ? "1" : "0"
        #expect(SampleDataScanner.scan("统一社会信用代码\(first17)\(wrong)").isEmpty)
    }

    @Test func fullPhoneNumbersAreFlaggedAndMaskedOnesAreNot() {
        #expect(SampleDataScanner.scan("手机13912345678").map(\.kind) == ["mobile"])
        #expect(SampleDataScanner.scan("电话0943-5531026").map(\.kind) == ["landline"])
        #expect(SampleDataScanner.scan("手机139****5678，电话0943-55***26").isEmpty)
        #expect(SampleDataScanner.scan("项目编号：JTCG-2024-036，金额1286000元").isEmpty)
    }
}
