/// Helpers shared by the test targets (no tests of its own).

import Foundation

/// A small well-formedness check for the HTML reports.
public enum HTMLCheck {
    /// Checks that every opened element is closed, in order; void elements and
    /// `<x/>` excepted; `<style>` content is raw text. Returns the problems found.
    public static func tagProblems(_ html: String) -> [String] {
        let void: Set<String> = ["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"]
        var problems: [String] = []
        var stack: [String] = []
        var rest = Substring(html)
        while let open = rest.firstIndex(of: "<") {
            let text = rest[..<open]
            if text.contains(">") { problems.append("stray '>' in text: \(text.prefix(40))") }
            rest = rest[open...]
            if rest.hasPrefix("<!--") {
                guard let end = rest.range(of: "-->") else { problems.append("unclosed comment"); break }
                rest = rest[end.upperBound...]
                continue
            }
            guard let close = rest.firstIndex(of: ">") else { problems.append("unclosed tag"); break }
            let tag = rest[rest.index(after: rest.startIndex)..<close]
            rest = rest[rest.index(after: close)...]
            if tag.hasPrefix("!") { continue }  // <!DOCTYPE html>
            if tag.contains("<") { problems.append("'<' inside a tag: \(tag.prefix(40))") }
            if tag.hasPrefix("/") {
                let name = tag.dropFirst().trimmingCharacters(in: .whitespaces).lowercased()
                if stack.last == name { stack.removeLast() } else { problems.append("</\(name)> closes <\(stack.last ?? "nothing")>") }
                continue
            }
            let name = String(tag.prefix { !$0.isWhitespace && $0 != "/" }).lowercased()
            if tag.hasSuffix("/") || void.contains(name) { continue }
            if name == "style" || name == "script" {
                guard let end = rest.range(of: "</\(name)>") else { problems.append("unclosed <\(name)>"); break }
                rest = rest[end.upperBound...]
                continue
            }
            stack.append(name)
        }
        if rest.contains(">") { problems.append("stray '>' at the end") }
        if !stack.isEmpty { problems.append("never closed: \(stack)") }
        return problems
    }
}
