import Foundation
import Testing

/// The start-up snapshot of the course folder, through the real binary: it is
/// written on a clean start, used while nothing changes, and never hides an edit.
@Suite("Course snapshot at start-up")
struct CourseSnapshotTests {
    /// Inode, size and modification time: a file replaced by a new write gets a new inode.
    static func identity(_ path: String) throws -> (inode: UInt64, size: Int64, modified: Int64) {
        var st = stat()
        guard stat(path, &st) == 0 else { throw CocoaError(.fileNoSuchFile) }
        return (UInt64(st.st_ino), Int64(st.st_size), Int64(st.st_mtim.tv_sec) * 1_000_000_000 + Int64(st.st_mtim.tv_nsec))
    }

    @Test func anEditedCourseIsSeenAtTheNextStartAndABrokenOneIsNotHidden() throws {
        let box = Sandbox()
        let courses = box.work + "/courses"
        try FileManager.default.copyItem(atPath: E2E.fixtures, toPath: courses)
        let arguments = ["--courses", courses, "--results", box.results]
        let snapshotFolder = box.home + "/.cache/gongkai"

        let first = try box.run(arguments, input: "courses\nquit\n")
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("示例课程：政府信息公开基础"))
        let snapshots = Sandbox.files(under: snapshotFolder)
        #expect(snapshots.count == 1 && snapshots.first?.hasPrefix("courses-") == true, "\(snapshots)")

        // Unchanged: the same library, from the snapshot (not parsed and stored again).
        let snapshotPath = snapshotFolder + "/" + (snapshots.first ?? "")
        let written = try Self.identity(snapshotPath)
        let second = try box.run(arguments, input: "courses\nquit\n")
        #expect(second.stdout == first.stdout)
        #expect(try Self.identity(snapshotPath) == written, "the snapshot was used, not rewritten")

        // An edit to the title is shown at the next start.
        let file = courses + "/sample.yaml"
        let original = try String(contentsOfFile: file, encoding: .utf8)
        try original.replacingOccurrences(of: "title: 示例课程：政府信息公开基础", with: "title: 改过的示例课程")
            .write(toFile: file, atomically: true, encoding: .utf8)
        let edited = try box.run(arguments, input: "courses\nquit\n")
        #expect(edited.stdout.contains("改过的示例课程"), "\(edited.stdout)")

        // A mistake in the file is reported, not covered by the earlier snapshot.
        try (original + "\nbogus_key: 1\n").write(toFile: file, atomically: true, encoding: .utf8)
        let broken = try box.run(arguments, input: "courses\nquit\n")
        // Its only course broken, the folder has none to offer: start-up fails and says where to look.
        #expect(broken.status == 1 && broken.stderr.contains("gongkai validate"), "out: \(broken.stdout)\nerr: \(broken.stderr)")
        #expect(!broken.stdout.contains("示例课程：政府信息公开基础"))

        // A damaged snapshot is ignored; a deleted one is rebuilt.
        try original.write(toFile: file, atomically: true, encoding: .utf8)
        _ = try box.run(arguments, input: "quit\n")
        for snapshot in Sandbox.files(under: snapshotFolder) {
            try Data("garbage".utf8).write(to: URL(fileURLWithPath: snapshotFolder + "/" + snapshot))
        }
        #expect(try box.run(arguments, input: "courses\nquit\n").stdout == first.stdout)
        #expect(Sandbox.files(under: snapshotFolder).allSatisfy { ((try? Self.identity(snapshotFolder + "/" + $0))?.size ?? 0) > 1000 }, "rebuilt")
        try FileManager.default.removeItem(atPath: snapshotFolder)
        #expect(try box.run(arguments, input: "courses\nquit\n").stdout == first.stdout)
        #expect(Sandbox.files(under: snapshotFolder).count == 1)
    }
}
