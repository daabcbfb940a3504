package io.tidemark.recorder.audio;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code iXML} chunk (iXML 3.01): project/tape/scene/take for a person browsing files, the SPEED
 * block with the file's rate, bit depth, the converter's measured rate and the UTC timestamp in samples
 * since midnight, and one named TRACK per channel.
 *
 * @param timestampSamplesSinceMidnight the bext TimeReference, or -1 when unknown
 * @param digitizerSampleRateHz the converter's actual rate when measured, else the nominal rate
 */
public record IxmlChunk(String project, String tape, String scene, String take, String note, String fileUid,
                        int fileSampleRateHz, int audioBitDepth, int digitizerSampleRateHz,
                        long timestampSamplesSinceMidnight, int timestampSampleRateHz, List<String> trackNames) {

    public IxmlChunk {
        trackNames = List.copyOf(trackNames);
    }

    public String toXml() {
        StringBuilder x = new StringBuilder(1024 + 96 * trackNames.size());
        x.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<BWFXML>\n");
        el(x, 1, "IXML_VERSION", "3.01");
        el(x, 1, "PROJECT", project);
        el(x, 1, "TAPE", tape);
        el(x, 1, "SCENE", scene);
        el(x, 1, "TAKE", take);
        el(x, 1, "NOTE", note);
        el(x, 1, "FILE_UID", fileUid);
        x.append("  <SPEED>\n");
        el(x, 2, "NOTE", "TIMESTAMP is samples since UTC midnight; live estimate while recording");
        el(x, 2, "FILE_SAMPLE_RATE", Integer.toString(fileSampleRateHz));
        el(x, 2, "AUDIO_BIT_DEPTH", Integer.toString(audioBitDepth));
        el(x, 2, "DIGITIZER_SAMPLE_RATE", Integer.toString(digitizerSampleRateHz));
        if (timestampSamplesSinceMidnight >= 0) {
            el(x, 2, "TIMESTAMP_SAMPLES_SINCE_MIDNIGHT_HI", Long.toString(timestampSamplesSinceMidnight >>> 32));
            el(x, 2, "TIMESTAMP_SAMPLES_SINCE_MIDNIGHT_LO",
                    Long.toString(timestampSamplesSinceMidnight & 0xFFFF_FFFFL));
            el(x, 2, "TIMESTAMP_SAMPLE_RATE", Integer.toString(timestampSampleRateHz));
        }
        x.append("  </SPEED>\n  <TRACK_LIST>\n");
        el(x, 2, "TRACK_COUNT", Integer.toString(trackNames.size()));
        for (int i = 0; i < trackNames.size(); i++) {
            x.append("    <TRACK>\n");
            el(x, 3, "CHANNEL_INDEX", Integer.toString(i + 1));
            el(x, 3, "INTERLEAVE_INDEX", Integer.toString(i + 1));
            el(x, 3, "NAME", trackNames.get(i));
            x.append("    </TRACK>\n");
        }
        x.append("  </TRACK_LIST>\n</BWFXML>\n");
        return x.toString();
    }

    public byte[] toBytes() {
        return toXml().getBytes(StandardCharsets.UTF_8);
    }

    private static void el(StringBuilder x, int depth, String name, String value) {
        if (value == null) {
            return;
        }
        x.append("  ".repeat(depth)).append('<').append(name).append('>');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '<' -> x.append("&lt;");
                case '>' -> x.append("&gt;");
                case '&' -> x.append("&amp;");
                default -> x.append(c < 0x20 && c != '\t' && c != '\n' ? ' ' : c);
            }
        }
        x.append("</").append(name).append(">\n");
    }

    /** Parses the chunk body (trailing NULs and whitespace are allowed). */
    public static IxmlChunk parse(Path file, byte[] body) {
        int n = body.length;
        while (n > 0 && (body[n - 1] == 0 || body[n - 1] == ' ' || body[n - 1] == '\n')) {
            n--;
        }
        Document doc;
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setExpandEntityReferences(false);
            DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(new org.xml.sax.helpers.DefaultHandler()); // throws on fatal errors, prints nothing
            doc = b.parse(new ByteArrayInputStream(body, 0, n));
        } catch (Exception e) {
            throw new BwfFormatException(file, "iXML chunk is not well-formed XML (" + oneLine(e) + ")");
        }
        Element root = doc.getDocumentElement();
        if (!"BWFXML".equals(root.getTagName())) {
            throw new BwfFormatException(file, "iXML root element is <" + root.getTagName() + ">, not <BWFXML>");
        }
        Element speed = child(root, "SPEED");
        long hi = num(file, speed, "TIMESTAMP_SAMPLES_SINCE_MIDNIGHT_HI", -1);
        long lo = num(file, speed, "TIMESTAMP_SAMPLES_SINCE_MIDNIGHT_LO", -1);
        List<String> names = new ArrayList<>();
        Element tracks = child(root, "TRACK_LIST");
        if (tracks != null) {
            NodeList list = tracks.getElementsByTagName("TRACK");
            for (int i = 0; i < list.getLength(); i++) {
                String name = text(child((Element) list.item(i), "NAME"));
                names.add(name == null ? "" : name);
            }
        }
        return new IxmlChunk(text(child(root, "PROJECT")), text(child(root, "TAPE")), text(child(root, "SCENE")),
                text(child(root, "TAKE")), text(child(root, "NOTE")), text(child(root, "FILE_UID")),
                (int) num(file, speed, "FILE_SAMPLE_RATE", 0), (int) num(file, speed, "AUDIO_BIT_DEPTH", 0),
                (int) num(file, speed, "DIGITIZER_SAMPLE_RATE", 0),
                hi < 0 || lo < 0 ? -1 : (hi << 32) | lo,
                (int) num(file, speed, "TIMESTAMP_SAMPLE_RATE", 0), names);
    }

    private static String oneLine(Exception e) {
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m.replaceAll("\\s+", " ");
    }

    private static Element child(Element parent, String name) {
        if (parent == null) {
            return null;
        }
        for (Node c = parent.getFirstChild(); c != null; c = c.getNextSibling()) {
            if (c instanceof Element e && e.getTagName().equals(name)) {
                return e;
            }
        }
        return null;
    }

    private static String text(Element e) {
        return e == null ? null : e.getTextContent().trim();
    }

    private static long num(Path file, Element parent, String name, long absent) {
        String t = text(child(parent, name));
        if (t == null || t.isEmpty()) {
            return absent;
        }
        try {
            long v = Long.parseLong(t);
            if (v < 0 || v > 0xFFFF_FFFFL) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new BwfFormatException(file, "iXML " + name + " is not a 32-bit count: '" + t + "'");
        }
    }
}
