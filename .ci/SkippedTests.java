import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Prints the tests a surefire run skipped and exits 1 when there are any (run by .ci/run with
 * {@code java .ci/SkippedTests.java target/surefire-reports}). Besides each {@code <testcase>} with a
 * {@code <skipped>}, a report with {@code tests="0"} counts: a class skipped as a whole (an assumption
 * in {@code @BeforeAll}) leaves no {@code <skipped>} element at all, only an empty suite.
 */
public class SkippedTests {

    public static void main(String[] args) throws Exception {
        Path reports = Path.of(args.length > 0 ? args[0] : "target/surefire-reports");
        List<String> skipped = new ArrayList<>();
        int suites = 0;
        if (Files.isDirectory(reports)) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(reports, "TEST-*.xml")) {
                for (Path file : files) {
                    suites++;
                    skipped.addAll(skippedIn(file));
                }
            }
        }
        if (suites == 0) {
            System.out.println("skipped tests: no surefire reports in " + reports + "; did the tests run?");
            System.exit(1);
        }
        skipped.sort(null);
        System.out.println("skipped tests (" + suites + " test classes reported): " + (skipped.isEmpty() ? "none" : skipped.size()));
        skipped.forEach(s -> System.out.println("  SKIPPED " + s));
        System.exit(skipped.isEmpty() ? 0 : 1);
    }

    static List<String> skippedIn(Path file) throws Exception {
        Element suite;
        try {
            suite = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile()).getDocumentElement();
        } catch (IOException | org.xml.sax.SAXException e) {
            return List.of(file.getFileName() + ": unreadable report (" + e.getMessage() + ")");
        }
        List<String> out = new ArrayList<>();
        if ("0".equals(suite.getAttribute("tests"))) {
            out.add(suite.getAttribute("name") + ": no test ran (the class was skipped as a whole)");
        }
        NodeList cases = suite.getElementsByTagName("testcase");
        for (int i = 0; i < cases.getLength(); i++) {
            Element testcase = (Element) cases.item(i);
            NodeList skip = testcase.getElementsByTagName("skipped");
            if (skip.getLength() > 0) {
                String message = ((Element) skip.item(0)).getAttribute("message");
                out.add(testcase.getAttribute("classname") + "." + testcase.getAttribute("name")
                        + (message.isEmpty() ? "" : ": " + message));
            }
        }
        return out;
    }
}
