package dev.digitnet.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class QueryTest {

    @Test
    void kIsAWholeNumberFrom1To10WhereverItIsWritten() {
        for (String ok : List.of("1", "3", "10", "03", "3.0", "1e1", "10.00")) {
            assertTrue(TopK.parse(ok).isPresent(), ok);
        }
        assertEquals(OptionalInt.of(3), TopK.parse("3.0"));
        assertEquals(OptionalInt.of(10), TopK.parse("1e1"));
        for (String bad : List.of("", " 3", "+3", "-1", "0", "11", "3.5", "abc", "1e999999999", "1e99999999999", "0x3", "３")) {
            assertFalse(TopK.parse(bad).isPresent(), bad);
        }
        assertFalse(TopK.parse(null).isPresent());
    }

    @Test
    void theQueryAndTheJsonBodyReadKAlike() {
        for (String k : List.of("3", "3.0", "11", "0.5")) {
            OptionalInt fromQuery;
            try {
                fromQuery = OptionalInt.of(Query.parse("k=" + k).k());
            } catch (ApiException e) {
                assertEquals("bad_query", e.code());
                fromQuery = OptionalInt.empty();
            }
            OptionalInt fromJson;
            try {
                fromJson = OptionalInt.of(PixelsRequest.parse("{\"pixels\": " + "[" + "0,".repeat(783) + "0], \"k\": " + k + "}").k());
            } catch (ApiException e) {
                assertEquals("bad_k", e.code());
                fromJson = OptionalInt.empty();
            }
            assertEquals(fromQuery, fromJson, k);
        }
    }

    @Test
    void brokenPercentEncodingIsRefusedNotDropped() {
        for (String raw : List.of("k=%ZZ", "k=%2", "k=3%", "%ZZ=1", "model=%G0&k=3")) {
            ApiException e = assertThrows(ApiException.class, () -> Query.parse(raw), raw);
            assertEquals(400, e.status());
            assertEquals("bad_query", e.code());
            assertTrue(e.getMessage().contains("percent-encoding") && !e.getMessage().contains("\n"), e.getMessage());
        }
    }

    @Test
    void wellFormedQueriesDecodeAsFormsDo() {
        Query q = Query.parse("k=%33&model=a+b&preview=1&&flag");
        assertEquals(3, q.k());
        assertEquals("a b", q.first("model"));
        assertTrue(q.preview());
        assertEquals("", q.first("flag"));
        assertNull(q.first("absent"));
        assertNull(Query.parse(null).k());
        assertFalse(Query.parse("").preview());
        assertEquals("bad_query", assertThrows(ApiException.class, () -> Query.parse("k=3&k=4").k()).code());
    }
}
