import Testing
@testable import LedgerProofs

@Suite("Record log: tlog-tiles paths")
struct TilePathTests {
    @Test func encodesAsTheSpecShows() throws {
        #expect(TilePath(level: 0, index: 1234067).path == "tile/0/x001/x234/067")
        #expect(TilePath(level: 1, index: 0, width: 7).path == "tile/1/000.p/7")
        #expect(TilePath(level: nil, index: 1234067, width: 128).path == "tile/entries/x001/x234/067.p/128")
        #expect(TilePath(level: 2, index: 1000).path == "tile/2/x001/000")
        for p in ["0/x001/x234/067", "1/000.p/7", "entries/x001/x234/067.p/128", "2/x001/000", "entries/999"] {
            #expect(try TilePath(parsing: p).path == "tile/" + p)
        }
    }

    @Test func rejectsNonCanonicalPaths() {
        for p in ["0/1234", "0/01", "0/x000/001", "00/001", "0/001/002", "0/001.p/0", "0/001.p/256", "0/001.p/07", "64/000", "0/x001", "0/", "x/001", "entries/001.p/"] {
            #expect(throws: LogError.self, "\(p)") { try TilePath(parsing: p) }
        }
    }
}
