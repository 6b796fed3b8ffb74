import Foundation
import Testing

/// Headless Chromium and poppler for the print tests: one way to find them, to print a
/// page to PDF and to read back what was printed.
enum Printing {
    /// The first Chromium found on PATH, if any.
    static let chromium: String? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for name in ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"] {
            for dir in path.split(separator: ":") {
                let candidate = "\(dir)/\(name)"
                if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            }
        }
        return nil
    }()

    /// A program on PATH (or in /usr/bin, /bin), if installed.
    static func tool(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for dir in path.split(separator: ":") + ["/usr/bin", "/bin"] where FileManager.default.isExecutableFile(atPath: "\(dir)/\(name)") {
            return "\(dir)/\(name)"
        }
        return nil
    }

    /// A Chromium that prints `html` to `pdf` (paper size and margins from the page's CSS),
    /// set up but not started; `profile` is its own user-data folder.
    static func chromiumProcess(html: String, pdf: String, profile: String, box: Sandbox) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(chromium, "Chromium not installed: run `make print-deps`"))
        process.arguments = [
            "--headless", "--disable-gpu", "--no-sandbox", "--no-first-run", "--disable-dev-shm-usage", "--no-pdf-header-footer",
            "--user-data-dir=\(profile)", "--print-to-pdf=\(pdf)", "file://\(html)",
        ]
        var environment = box.environment()
        environment["HOME"] = box.home
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        return process
    }

    /// Prints `html` to `pdf` and waits; a failing Chromium is a test failure.
    static func printToPDF(html: String, pdf: String, box: Sandbox) throws {
        let process = try chromiumProcess(html: html, pdf: pdf, profile: "\(box.work)/chromium-profile", box: box)
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "Chromium printing \(html)")
    }

    /// pdftotext's text of `pdf` (pages end with a form feed); `layout` keeps the columns.
    static func text(of pdf: String, layout: Bool = false) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(tool("pdftotext"), "pdftotext not installed: run `make print-deps`"))
        process.arguments = (layout ? ["-layout"] : []) + [pdf, "-"]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let out = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return out
    }
}
