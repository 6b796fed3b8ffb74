/// Text for XML (Moodle XML, the xlsx and docx parts): the same escaping as the HTML
/// reports, one function for both (`&#39;` is a character reference XML reads too).
enum XMLEscape {
    static func text(_ s: String) -> String { HTMLReportRenderer.escape(s) }
}
