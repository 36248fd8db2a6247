package dev.wharf.runtime.internal.component;

import static dev.wharf.runtime.internal.component.StringEncoding.LATIN1_UTF16;
import static dev.wharf.runtime.internal.component.StringEncoding.UTF16;
import static dev.wharf.runtime.internal.component.StringEncoding.UTF8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wharf.runtime.internal.component.CanonicalStrings.Range;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Strings in the three encodings: the spec's {@code test_string} matrix (every source encoding
 * to every destination encoding for its {@code fun_strings}), the realloc sequence of each
 * transcoding path, the compact UTF-16 upgrade and downsizing, and the traps of lifting.
 */
class CanonicalStringsTest {

    private static final long TAG = CanonicalStrings.UTF16_TAG;

    private static final List<String> FUN_STRINGS = List.of("", "a", "hi", "\u0000", "a\u0000b", "\u0080", "\u0080b",
            "ab\u00efc", "\u01ffy", "xy\u01ff", "a\ud7ffb", "a\u02ff\u03ff\u04ffbc", "\uf123", "\uf123\uf123abc",
            "abcdef\uf123");

    // run_tests.py: test_string

    @Test
    void everySourceEncodingToEveryDestination() {
        int cases = 0;
        for (StringEncoding src : StringEncoding.values()) {
            for (StringEncoding dst : StringEncoding.values()) {
                for (String s : FUN_STRINGS) {
                    for (SourceString form : sourceForms(s, src)) {
                        roundTrip(form, dst);
                        cases++;
                    }
                }
            }
        }
        assertThat(cases).isEqualTo(3 * (15 + 15 + 15 + 8));
    }

    /** The string as {@code test_string} encodes it; compact UTF-16 both as Latin-1 (when it fits) and as UTF-16. */
    private static List<SourceString> sourceForms(String s, StringEncoding src) {
        List<SourceString> forms = new ArrayList<>();
        switch (src) {
            case UTF8 -> forms.add(new SourceString(s, UTF8, s.getBytes(StandardCharsets.UTF_8).length));
            case UTF16 -> forms.add(new SourceString(s, UTF16, s.length()));
            case LATIN1_UTF16 -> {
                if (SourceString.latin1(s)) {
                    forms.add(new SourceString(s, LATIN1_UTF16, s.length()));
                }
                forms.add(new SourceString(s, LATIN1_UTF16, s.length() | TAG));
            }
        }
        return forms;
    }

    /** {@code test_string_internal}: lift from a memory holding just the encoded bytes, lower into a fresh heap, lift again. */
    private static void roundTrip(SourceString form, StringEncoding dst) {
        byte[] encoded = encode(form);
        CanonicalContext srcCx = new TestHeap(encoded).context(form.encoding());
        SourceString lifted = CanonicalStrings.load(srcCx, 0, form.taggedCodeUnits());
        assertThat(lifted).isEqualTo(form);

        TestHeap heap = new TestHeap(5 * encoded.length);
        CanonicalContext dstCx = heap.context(dst);
        Range range = CanonicalStrings.store(dstCx, lifted);
        assertThat(CanonicalStrings.load(dstCx, range.ptr(), range.length()).text())
                .as("%s -> %s of %s", form.encoding(), dst, form.text())
                .isEqualTo(form.text());
    }

    private static byte[] encode(SourceString form) {
        if (form.encoding() == UTF8) {
            return form.text().getBytes(StandardCharsets.UTF_8);
        }
        if (form.encoding() == LATIN1_UTF16 && (form.taggedCodeUnits() & TAG) == 0) {
            return form.text().getBytes(StandardCharsets.ISO_8859_1);
        }
        return form.text().getBytes(StandardCharsets.UTF_16LE);
    }

    // the realloc sequences

    private static List<List<Long>> store(SourceString src, StringEncoding dst, long ptr, long length, TestHeap heap) {
        Range range = CanonicalStrings.store(heap.context(dst), src);
        assertThat(range).isEqualTo(new Range(ptr, length));
        assertThat(CanonicalStrings.load(heap.context(dst), range.ptr(), range.length()).text()).isEqualTo(src.text());
        return heap.reallocCalls;
    }

    private static List<Long> call(long... args) {
        List<Long> list = new ArrayList<>();
        for (long a : args) {
            list.add(a);
        }
        return list;
    }

    @Test
    void sameEncodingIsOneExactAllocation() {
        TestHeap heap = heapAt(8, 64);
        assertThat(store(SourceString.of("añ€", UTF8), UTF8, 8, 6, heap)).containsExactly(call(0, 0, 1, 6));
        heap = heapAt(8, 64);
        assertThat(store(SourceString.of("añ€", UTF16), UTF16, 8, 3, heap)).containsExactly(call(0, 0, 2, 6));
        heap = heapAt(8, 64);
        assertThat(store(SourceString.of("añb", LATIN1_UTF16), LATIN1_UTF16, 8, 3, heap)).containsExactly(call(0, 0, 2, 3));
    }

    @Test
    void utf16ToUtf8GrowsAtTheFirstNonAsciiCharacterAndShrinks() {
        TestHeap heap = heapAt(8, 64);
        List<List<Long>> calls = store(SourceString.of("aé", UTF16), UTF8, 10, 3, heap);
        assertThat(calls).containsExactly(call(0, 0, 1, 2), call(8, 2, 1, 6), call(10, 6, 1, 3));
        assertThat(heap.bytes[10]).isEqualTo((byte) 'a');
    }

    @Test
    void asciiNeedsNoGrowth() {
        TestHeap heap = heapAt(8, 64);
        assertThat(store(SourceString.of("abc", UTF16), UTF8, 8, 3, heap)).containsExactly(call(0, 0, 1, 3));
    }

    @Test
    void latin1ToUtf8GrowsToTwiceTheLength() {
        TestHeap heap = heapAt(8, 64);
        List<List<Long>> calls = store(SourceString.of("é", LATIN1_UTF16), UTF8, 9, 2, heap);
        assertThat(calls).containsExactly(call(0, 0, 1, 1), call(8, 1, 1, 2));
    }

    @Test
    void utf8ToUtf16ShrinksFromTheWorstCase() {
        TestHeap heap = heapAt(8, 64);
        List<List<Long>> calls = store(SourceString.of("aé", UTF8), UTF16, 8, 2, heap);
        assertThat(calls).containsExactly(call(0, 0, 2, 6), call(8, 6, 2, 4));
    }

    @Test
    void compactUtf16UpgradesToUtf16AtTheFirstNonLatin1Character() {
        TestHeap heap = heapAt(8, 64);
        List<List<Long>> calls = store(SourceString.of("aé€", UTF8), LATIN1_UTF16, 14, 3 | TAG, heap);
        assertThat(calls).containsExactly(call(0, 0, 2, 6), call(8, 6, 2, 12), call(14, 12, 2, 6));
        // the two Latin-1 bytes written before the upgrade were widened in place
        assertThat(heap.read(14, 6)).isEqualTo("aé€".getBytes(StandardCharsets.UTF_16LE));

        heap = heapAt(8, 64);
        calls = store(SourceString.of("é€", UTF16), LATIN1_UTF16, 10, 2 | TAG, heap);
        assertThat(calls).containsExactly(call(0, 0, 2, 2), call(8, 2, 2, 4));
    }

    @Test
    void compactUtf16StaysLatin1WhenEveryCharacterFits() {
        TestHeap heap = heapAt(8, 64);
        List<List<Long>> calls = store(SourceString.of("aé", UTF8), LATIN1_UTF16, 8, 2, heap);
        assertThat(calls).containsExactly(call(0, 0, 2, 3), call(8, 3, 2, 2));
        heap = heapAt(8, 64);
        assertThat(store(SourceString.of("ab", UTF16), LATIN1_UTF16, 8, 2, heap)).containsExactly(call(0, 0, 2, 2));
    }

    @Test
    void utf16TaggedLatin1TextIsDownsized() {
        TestHeap heap = heapAt(8, 64);
        List<List<Long>> calls = store(SourceString.utf16Tagged("aé"), LATIN1_UTF16, 8, 2, heap);
        assertThat(calls).containsExactly(call(0, 0, 2, 4), call(8, 4, 1, 2));
        assertThat(heap.read(8, 2)).isEqualTo(new byte[] {'a', (byte) 0xE9});

        heap = heapAt(8, 64);
        calls = store(SourceString.utf16Tagged("a€"), LATIN1_UTF16, 8, 2 | TAG, heap);
        assertThat(calls).containsExactly(call(0, 0, 2, 4));
    }

    @Test
    void hostStringsDefaultToTheGuestsEncoding() {
        TestHeap heap = heapAt(8, 64);
        Range range = CanonicalStrings.store(heap.context(LATIN1_UTF16), "x€");
        assertThat(range).isEqualTo(new Range(8, 2 | TAG));
        assertThat(heap.reallocCalls).containsExactly(call(0, 0, 2, 4));
        heap = heapAt(8, 64);
        assertThat(CanonicalStrings.store(heap.context(LATIN1_UTF16), "xé")).isEqualTo(new Range(8, 2));
        heap = heapAt(8, 64);
        assertThat(CanonicalStrings.store(heap.context(UTF8).withHostStrings(UTF16), "xé")).isEqualTo(new Range(10, 3));
    }

    /** A heap whose next allocation is at {@code start}, so that no pointer is 0. */
    private static TestHeap heapAt(long start, int size) {
        TestHeap heap = new TestHeap(size);
        heap.lastAlloc = start;
        return heap;
    }

    // lifting traps

    @Test
    void stringsOutsideMemoryTrap() {
        CanonicalContext cx = new TestHeap(65536).context(UTF8);
        assertThatThrownBy(() -> CanonicalStrings.load(cx, 65530, 12))
                .isInstanceOf(CanonicalAbiTrap.class)
                .hasMessage("string pointer 65530 + 12 bytes is outside memory (65536 bytes)");
        CanonicalContext utf16 = new TestHeap(16).context(UTF16);
        assertThatThrownBy(() -> CanonicalStrings.load(utf16, 8, 5))
                .isInstanceOf(CanonicalAbiTrap.class)
                .hasMessage("string pointer 8 + 10 bytes is outside memory (16 bytes)");
    }

    @Test
    void utf16StringsMustBeAligned() {
        assertThatThrownBy(() -> CanonicalStrings.load(new TestHeap(16).context(UTF16), 3, 1))
                .isInstanceOf(CanonicalAbiTrap.class).hasMessage("unaligned string pointer 3 for alignment 2");
        assertThatThrownBy(() -> CanonicalStrings.load(new TestHeap(16).context(LATIN1_UTF16), 3, 1))
                .isInstanceOf(CanonicalAbiTrap.class).hasMessage("unaligned string pointer 3 for alignment 2");
        assertThat(CanonicalStrings.load(new TestHeap(16).context(UTF8), 3, 1).text()).isEqualTo("\0");
    }

    @Test
    void overlongStringsTrapBeforeTheirRangeIsLookedAt() {
        assertThatThrownBy(() -> CanonicalStrings.load(new TestHeap(16).context(UTF16), 0, 1 << 27))
                .isInstanceOf(CanonicalAbiTrap.class)
                .hasMessage("string of 268435456 bytes exceeds the maximum of 268435455");
        // a UTF-8 length with the compact UTF-16 tag is just very long
        assertThatThrownBy(() -> CanonicalStrings.load(new TestHeap(16).context(UTF8), 0, TAG | 1))
                .isInstanceOf(CanonicalAbiTrap.class).hasMessageContaining("exceeds the maximum");
        assertThatThrownBy(() -> CanonicalStrings.load(new TestHeap(16).context(LATIN1_UTF16), 0, TAG | (1 << 27)))
                .isInstanceOf(CanonicalAbiTrap.class).hasMessageContaining("exceeds the maximum");
    }

    @Test
    void malformedTextTraps() {
        assertThatThrownBy(() -> CanonicalStrings.load(TestHeap.ofUnsigned(0xC3, 0x28).context(UTF8), 0, 2))
                .isInstanceOf(CanonicalAbiTrap.class).hasMessage("string at pointer 0 is not valid UTF-8");
        // a surrogate encoded in UTF-8 (CESU-8) is not UTF-8
        assertThatThrownBy(() -> CanonicalStrings.load(TestHeap.ofUnsigned(0xED, 0xA0, 0x80).context(UTF8), 0, 3))
                .isInstanceOf(CanonicalAbiTrap.class).hasMessage("string at pointer 0 is not valid UTF-8");
        assertThatThrownBy(() -> CanonicalStrings.load(TestHeap.ofUnsigned(0x61, 0, 0x00, 0xD8).context(UTF16), 0, 2))
                .isInstanceOf(CanonicalAbiTrap.class).hasMessage("string at pointer 0 is not valid UTF-16LE");
        assertThatThrownBy(() -> CanonicalStrings.load(TestHeap.ofUnsigned(0x00, 0xDC, 0x61, 0).context(LATIN1_UTF16), 0, 2 | TAG))
                .isInstanceOf(CanonicalAbiTrap.class).hasMessage("string at pointer 0 is not valid UTF-16LE");
        // every byte is Latin-1
        assertThat(CanonicalStrings.load(TestHeap.ofUnsigned(0xFF, 0x80).context(LATIN1_UTF16), 0, 2).text())
                .isEqualTo("\u00ff\u0080");
    }

    @Test
    void surrogatePairsArriveWhole() {
        byte[] utf16 = "a😀".getBytes(StandardCharsets.UTF_16LE);
        assertThat(CanonicalStrings.load(new TestHeap(utf16).context(UTF16), 0, 3).text()).isEqualTo("a😀");
        assertThat(CanonicalStrings.load(new TestHeap(utf16).context(LATIN1_UTF16), 0, 3 | TAG).text()).isEqualTo("a😀");
    }

    @Test
    void hostStringsWithAnUnpairedSurrogateAreRefused() {
        assertThatThrownBy(() -> CanonicalStrings.store(new TestHeap(16).context(UTF8), "a\ud800"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unpaired surrogate at index 1");
    }
}
