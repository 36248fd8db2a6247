package dev.wharf.itest;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.felix.service.command.CommandProcessor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.BundleContext;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

/** The wasm: commands as an operator types (or pipes) them. */
@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
class ShellIT {

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 10_000)
    CommandProcessor processor;

    Shell shell;

    @BeforeEach
    void setUp() {
        new ComponentBundles(context).start("calc.wasm;id=shellcalc;timeout-ms=300", "calc");
        shell = new Shell(processor);
    }

    @Test
    void invokePrintsResultsSeparatedBySpaces() {
        assertThat(shell.run("wasm:invoke shellcalc add 2 3").trim()).isEqualTo("5");
        assertThat(shell.run("wasm:invoke shellcalc swap 7 -8000000000").trim()).isEqualTo("-8000000000 7");
        assertThat(shell.run("wasm:invoke shellcalc hypot 3 4").trim()).isEqualTo("5.0");
        assertThat(shell.run("wasm:invoke shellcalc mix 1 2 0.5 0.25").trim()).isEqualTo("3.75");
        assertThat(shell.run("wasm:invoke shellcalc nothing").trim()).isEmpty();
    }

    @Test
    void errorsAreOneLineNamingTheCause() {
        assertThat(shell.run("wasm:invoke shellcalc div 1 0")).startsWith("error: ").contains("divide by zero");
        assertThat(shell.run("wasm:invoke shellcalc add 1")).startsWith("error: ").contains("takes 2 arguments, got 1");
        assertThat(shell.run("wasm:invoke shellcalc add 1 x")).startsWith("error: argument 2 'x' is not a number");
        assertThat(shell.run("wasm:invoke nobody add 1 2")).startsWith("error: unknown component 'nobody'");
        assertThat(shell.run("wasm:invoke shellcalc nope")).startsWith("error: ").contains("no exported function 'nope'");
        assertThat(shell.run("wasm:invoke 'Bad Id' add")).startsWith("error: invalid component id");
        assertThat(shell.run("wasm:info nobody")).startsWith("error: unknown component 'nobody'");
    }

    @Test
    void sendAskStatsAndDeadLetters() {
        new ComponentBundles(context).start("mailbox.wasm;id=shellbox", "mailbox");
        assertThat(shell.run("wasm:send shellbox '{\"n\":1}'").trim()).isEqualTo("accepted");
        assertThat(shell.run("wasm:invoke shellbox count").trim()).isEqualTo("1");
        assertThat(shell.run("wasm:ask shellbox '\"echo this\"'").trim()).isEqualTo("\"echo this\"");
        assertThat(shell.run("wasm:ask shellbox '\"silent\"'")).startsWith("error: ").contains("without replying");
        assertThat(shell.run("wasm:send nobody '1'")).startsWith("error: unknown component 'nobody'");
        assertThat(shell.run("wasm:send shellbox '{broken'")).startsWith("error: the payload is not valid JSON");
        assertThat(shell.run("wasm:send shellbox")).startsWith("error: usage: wasm:send <to> <json>").contains("missing the payload");
        assertThat(shell.run("wasm:ask shellbox")).startsWith("error: usage: wasm:ask <to> <json>").contains("missing the payload");
        assertThat(shell.run("wasm:invoke shellbox")).startsWith("error: usage: wasm:invoke <id> <function> [number ...]")
                .contains("missing the function");

        String stats = shell.run("wasm:stats shellbox");
        assertThat(stats).contains("IN").contains("P99");
        assertThat(stats.lines().filter(l -> l.startsWith("shellbox ")).findFirst()).get().asString().contains("0/1000");
        assertThat(shell.run("wasm:stats nobody")).startsWith("error: unknown component 'nobody'");
        assertThat(shell.run("wasm:deadletters 5")).contains("host -> nobody").contains("unknown_target");
        assertThat(shell.run("wasm:deadletters 0")).startsWith("error: count must be positive");
    }

    @Test
    void listAndInfoShowTheComponent() {
        String list = shell.run("wasm:list");
        assertThat(list).contains("ID").contains("MAILBOX").contains("RESTARTS");
        assertThat(list.lines().filter(l -> l.startsWith("shellcalc ")).findFirst()).get().asString()
                .contains("READY").contains("healthy").contains("0/1000");
        String info = shell.run("wasm:info shellcalc");
        assertThat(info).contains("state:       READY").contains("timeout-ms=300")
                .contains("add(i32, i32) -> i32").contains("swap(i32, i64) -> i64, i32").contains("sha256:");
    }

    @Test
    void everyCommandAnswersHelpWithItsUsageAndScriptsGetJson() {
        for (String c : java.util.List.of("list", "info", "invoke", "send", "ask", "stats", "deadletters", "audit",
                "health", "restart", "kv")) {
            assertThat(shell.run("wasm:" + c + " --help")).as(c).startsWith("usage: wasm:" + c);
        }
        String list = shell.run("wasm:list --json");
        assertThat(list).startsWith("[{\"id\":").contains("\"id\":\"shellcalc\"").contains("\"state\":\"READY\"")
                .contains("\"kind\":\"wasm\"");
        String info = shell.run("wasm:info --json shellcalc");
        assertThat(info).startsWith("{\"id\":\"shellcalc\"").contains("\"exports\":[")
                .contains("\"add(i32, i32) -> i32\"");
        assertThat(shell.run("wasm:stats shellcalc --json")).startsWith("[{\"id\":\"shellcalc\"");
    }

    @Test
    void everyCommandAnswersMissingOrWrongArgumentsWithItsUsageLine() {
        assertThat(shell.run("wasm:list extra")).startsWith("error: usage: wasm:list (too many arguments)");
        assertThat(shell.run("wasm:info")).startsWith("error: usage: wasm:info <id> (missing arguments)");
        assertThat(shell.run("wasm:invoke")).startsWith("error: usage: wasm:invoke <id> <function> [number ...]");
        assertThat(shell.run("wasm:send")).startsWith("error: usage: wasm:send <to> <json>");
        assertThat(shell.run("wasm:send a '1' '2'")).startsWith("error: usage: wasm:send <to> <json> (too many arguments)");
        assertThat(shell.run("wasm:ask")).startsWith("error: usage: wasm:ask <to> <json>");
        assertThat(shell.run("wasm:stats a b")).startsWith("error: usage: wasm:stats [id]");
        assertThat(shell.run("wasm:health a b")).startsWith("error: usage: wasm:health [id]");
        assertThat(shell.run("wasm:restart")).startsWith("error: usage: wasm:restart <id>");
        assertThat(shell.run("wasm:audit 1 2")).startsWith("error: usage: wasm:audit [count]");
        // a wrong value says what is wrong, then the usage, never a Gogo coercion message
        assertThat(shell.run("wasm:deadletters many")).startsWith(
                "error: count 'many' is not a number; usage: wasm:deadletters [count]");
        assertThat(shell.run("wasm:audit -3")).startsWith("error: count must be positive, got -3; usage: wasm:audit [count]");
        assertThat(shell.run("wasm:invoke shellcalc add 1 x")).contains("; usage: wasm:invoke <id> <function> [number ...]");
        assertThat(shell.run("wasm:restart 'Bad Id'")).startsWith("error: invalid component id 'Bad Id'; usage: wasm:restart <id>");
    }

    @Test
    void helpShowsOneEntryPerCommandWithItsUsage() {
        String help = shell.run("help wasm:invoke");
        assertThat(help).contains("calls an exported function").contains("wasm:invoke <id> <function> [number ...]");
        assertThat(help.split("calls an exported function", -1)).hasSize(2);
        assertThat(shell.run("help wasm:deadletters")).contains("wasm:deadletters [count]");
    }

    @Test
    void numbersFollowOneRuleForEveryType() {
        // f64: NaN and the infinities by name; a literal beyond the range is an error, not Infinity
        assertThat(shell.run("wasm:invoke shellcalc hypot NaN 1").trim()).isEqualTo("NaN");
        assertThat(shell.run("wasm:invoke shellcalc hypot -Infinity 1").trim()).isEqualTo("Infinity");
        assertThat(shell.run("wasm:invoke shellcalc hypot 1e400 1")).startsWith("error: ").contains("1e400 is out of range");
        // i32: -2^31 .. 2^32-1 (a value above 2^31-1 is the same 32 bits read unsigned)
        assertThat(shell.run("wasm:invoke shellcalc add -2147483648 0").trim()).isEqualTo("-2147483648");
        assertThat(shell.run("wasm:invoke shellcalc add 4294967295 0").trim()).isEqualTo("-1");
        assertThat(shell.run("wasm:invoke shellcalc add -2147483649 0")).startsWith("error: ").contains("out of range");
        assertThat(shell.run("wasm:invoke shellcalc add 4294967296 0")).startsWith("error: ").contains("out of range");
        assertThat(shell.run("wasm:invoke shellcalc add NaN 0")).startsWith("error: ").contains("not an integer");
    }
}
