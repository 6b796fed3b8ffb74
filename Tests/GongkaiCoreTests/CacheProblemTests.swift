import Testing

@testable import GongkaiCore

/// A report cache that is there but cannot be used is said, not silently skipped.
@Suite("Cache problems")
struct CacheProblemTests {
    @Test func aDamagedCacheIsReportedAndTheReportStillRuns() throws {
        let fs = try StandardScenario.make()
        let first = RecordSet.load(roots: ["/results"], fileSystem: fs, needs: [.attempts], useCache: true)
        #expect(first.cacheProblems.isEmpty, "no cache yet: nothing to say")
        let path = SummaryCache.path(root: "/results")
        var bytes = try #require(fs.allFiles[path])
        bytes[bytes.count - 1] ^= 0xFF
        fs.put(bytes, at: path)
        let second = RecordSet.load(roots: ["/results"], fileSystem: fs, needs: [.attempts], useCache: true)
        #expect(second.cacheProblems == [CacheProblem(path: path, problem: .damaged)])
        #expect(second.attempts.count == first.attempts.count, "the report is the same without the cache")
        #expect(second.cachedRecords == 0)
        let third = RecordSet.load(roots: ["/results"], fileSystem: fs, needs: [.attempts], useCache: true)
        #expect(third.cacheProblems.isEmpty, "rebuilt: said once")
        #expect(third.cachedRecords == first.attempts.count)
    }

    @Test func aCacheOfAnotherVersionIsSaidOnceAndRebuilt() throws {
        let fs = try StandardScenario.make()
        let path = SummaryCache.path(root: "/results")
        for older in ["GKSUM001 older", "GKSUM008 whole-file cache"] {
            fs.put(Array(older.utf8), at: path)
            let set = RecordSet.load(roots: ["/results"], fileSystem: fs, needs: [.attempts], useCache: true)
            #expect(set.cacheProblems == [CacheProblem(path: path, problem: .otherVersion)])
            #expect(CacheText.notUsed(set.cacheProblems[0]).text(in: .en).contains("another version"))
            let next = RecordSet.load(roots: ["/results"], fileSystem: fs, needs: [.attempts], useCache: true)
            #expect(next.cacheProblems.isEmpty, "rebuilt: said once")
            #expect(next.cachedRecords == set.attempts.count)
        }
    }

    @Test func anUnreadableCacheSaysWhy() {
        let problem = CacheProblem(path: "/r/.cache/attempt-summaries.bin", problem: .unreadable(.specialFile("/r/.cache/attempt-summaries.bin")))
        let text = CacheText.notUsed(problem).text(in: .zh)
        #expect(text.contains("/r/.cache/attempt-summaries.bin") && text.contains("无法使用"), "\(text)")
        #expect(CacheText.notUsed(problem).text(in: .en).contains("cannot be used"))
    }
}
