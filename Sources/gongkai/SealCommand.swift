import ArgumentParser
import GongkaiCore

#if canImport(Glibc)
import Glibc
#endif

/// `gongkai seal --key FILE --out SEAL`: the office fixes the current set of records.
struct SealCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "seal", abstract: SealText.sealAbstract.text(in: helpLanguage))

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: ArgumentHelp(help(.resultsOption), valueName: "DIR"), completion: .directory)
    var results: String?

    @Option(name: .long, help: ArgumentHelp(SealText.keyOption.text(in: helpLanguage), valueName: "FILE"), completion: .file())
    var key: String

    @Option(name: .long, help: ArgumentHelp(SealText.sealOutOption.text(in: helpLanguage), valueName: "FILE"), completion: .file())
    var out: String

    func run() throws {
        let l = try global.language()
        let fs = LocalFileSystem()
        let root = results ?? global.environment["GONGKAI_RESULTS"] ?? "Results"
        guard !SealPaths.isInside(key, root) else { fail(SealText.keyInsideResults(key).text(in: l)) }
        let signingKey: Curve25519SigningKey
        if fs.exists(key) {
            guard let bytes = try? fs.readFile(key, limit: 4096), let read = SealKey.read(bytes) else { fail(SealText.badKey(key).text(in: l)) }
            signingKey = read
        } else {
            signingKey = Curve25519SigningKey()
            do { try fs.writeFileAtomically(SealKey.bytes(signingKey), to: key, replace: false) } catch {
                fail(ReportText.cannotWrite(key, FileProblemMessage(error).text(in: l)).text(in: l))
            }
            chmod(key, 0o600)
            writeStandardError(SealText.keyCreated(key).text(in: l) + "\n")
        }
        do {
            let entries = try RecordSeal.entries(root: root, fileSystem: fs)
            let seal = try RecordSeal.make(entries: entries, key: signingKey, at: SystemClock().now())
            try fs.writeOutput(JSONWriter.bytes(seal.json, style: .pretty), to: out)
            writeStandardOutput(SealText.sealed(records: entries.count, file: out, fingerprint: SealKey.fingerprint(seal.publicKey)).text(in: l) + "\n")
        } catch let error as FileSystemError {
            fail(TerminalText.clean(HardeningText.readFailed(path: error.path, reason: FileProblemMessage(error).text(in: l)).text(in: l)))
        }
    }
}

/// `gongkai verify --seal SEAL [--key FILE]`: fails on any sealed record changed, removed or re-digested.
/// `gongkai verify CODE [--results DIR]…`: the certificate a code was printed on, rebuilt from the records (see `CertificateVerification`).
struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "verify", abstract: SealText.verifyAbstract.text(in: helpLanguage))

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp(PaperText.codeArgument.text(in: helpLanguage), valueName: "CODE"))
    var code: String?

    @Option(name: .long, help: ArgumentHelp(help(.resultsMergeOption), valueName: "DIR"), completion: .directory)
    var results: [String] = []

    @Option(name: .long, help: ArgumentHelp(SealText.sealFileOption.text(in: helpLanguage), valueName: "FILE"), completion: .file())
    var seal: String?

    @Option(name: .long, help: ArgumentHelp(SealText.verifyKeyOption.text(in: helpLanguage), valueName: "FILE"), completion: .file())
    var key: String?

    func validate() throws {
        switch (code, seal) {
        case (nil, nil): throw ValidationError(PaperText.verifyNeedsCodeOrSeal.text(in: helpLanguage))
        case (.some, .some): throw ValidationError(PaperText.verifyCodeAndSeal.text(in: helpLanguage))
        case (.some(let code), nil):
            guard CertificateCode.parse(code) != nil else { throw ValidationError(PaperText.malformedCode(code).text(in: helpLanguage)) }
        case (nil, .some): break
        }
    }

    func run() throws {
        let l = try global.language()
        let roots = results.isEmpty ? [global.environment["GONGKAI_RESULTS"] ?? "Results"] : results
        if let code {
            Glibc.exit(CertificateVerification.run(code: code, roots: roots, courses: global.coursesPath(), language: l))
        }
        if let seal, let message = SealVerification.check(seal: seal, key: key, roots: roots, language: l) { fail(message) }
    }
}

/// `verify` and `report --seal`: the seal's signature, its key, and every sealed record.
enum SealVerification {
    /// Nil when the seal holds (after saying so on standard output); otherwise the closing message.
    /// Every folder in `roots` is checked (see `RecordSeal.check(copies:)`).
    static func check(seal: String, key: String?, roots: [String], language l: Language, quiet: Bool = false) -> String? {
        let fs = LocalFileSystem()
        let sealed: RecordSeal
        do {
            sealed = try RecordSeal(bytes: try fs.readFile(seal, limit: 1 << 30))
        } catch let error as FileSystemError {
            return SealText.badSeal(seal, FileProblemMessage(error).text(in: l)).text(in: l)
        } catch let problem as RecordProblem {
            return SealText.badSeal(seal, RecordProblemMessage(problem).text(in: l)).text(in: l)
        } catch {
            return SealText.badSeal(seal, "").text(in: l)
        }
        guard sealed.isSigned else { return SealText.signatureInvalid(seal).text(in: l) }
        if let key {
            guard let bytes = try? fs.readFile(key, limit: 4096), let office = SealKey.read(bytes) else { return SealText.badKey(key).text(in: l) }
            let expected = Hex.encode(Array(office.publicKey.rawRepresentation))
            guard expected == sealed.publicKey else {
                return SealText.wrongKey(expected: SealKey.fingerprint(expected), found: SealKey.fingerprint(sealed.publicKey)).text(in: l)
            }
        }
        var copies: [(root: String, entries: [RecordSeal.Entry])] = []
        for root in roots {
            guard fs.isDirectory(root) else { return ReportCommandText.missingResults(root).text(in: l) }
            do { copies.append((root, try RecordSeal.entries(root: root, fileSystem: fs))) } catch {
                return HardeningText.readFailed(path: error.path, reason: FileProblemMessage(error).text(in: l)).text(in: l)
            }
        }
        let check = sealed.check(copies: copies)
        for path in check.changed { writeStandardError(TerminalText.clean(SealText.changed(path).text(in: l)) + "\n") }
        for path in check.removed { writeStandardError(TerminalText.clean(SealText.removed(path).text(in: l)) + "\n") }
        if !check.added.isEmpty { writeStandardError(SealText.added(check.added.count).text(in: l) + "\n") }
        guard check.holds else { return SealText.broken(changed: check.changed.count, removed: check.removed.count).text(in: l) }
        let holds = SealText.holds(records: sealed.entries.count, fingerprint: SealKey.fingerprint(sealed.publicKey)).text(in: l) + "\n"
        if quiet { writeStandardError(holds) } else { writeStandardOutput(holds) }
        return nil
    }
}

typealias Curve25519SigningKey = GongkaiCore.SealSigningKey

enum SealPaths {
    /// Whether `path` lies inside the folder `root` (both made absolute, `..` resolved as far as they exist).
    static func isInside(_ path: String, _ root: String) -> Bool {
        guard let folder = CourseCacheLocation.realPath(root) else { return false }
        let parent = CourseCacheLocation.realPath(PathJoin.directory(of: path)) ?? PathJoin.directory(of: path)
        let full = PathJoin.join(parent, PathJoin.fileName(of: path))
        return full == folder || full.hasPrefix(folder.hasSuffix("/") ? folder : folder + "/")
    }
}

/// Prints to standard error and exits with status 1.
func fail(_ message: String) -> Never {
    writeStandardError(message + "\n")
    Glibc.exit(1)
}
