import com.sun.source.util.JavacTask;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.TypeParameterElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;
import javax.tools.ToolProvider;

/**
 * Writes the delegating halves of Ballast's JDBC wrappers (package {@code dev.ballast.internal.pool}) from the
 * {@code java.sql} interfaces as they are in Java 17 (read through {@code javac --release 17}, so the output does not
 * depend on the JDK that runs the build). Run by Maven in {@code generate-sources}:
 *
 * <pre>java JdbcWrapperGenerator.java &lt;output source root&gt;</pre>
 *
 * Every generated method has one shape, the rule each wrapper method follows:
 *
 * <pre>
 * D d = open();                 // the handle is still open, else SQLException; nothing reaches the driver
 * try {
 *     before(a0);                      // only where SQL runs or is queued (execute*, addBatch): see STATEMENT_BEFORE
 *     return hook(d.method(a0, a1));   // hook only where the result must be wrapped (statements, result sets)
 * } catch (SQLException x) {
 *     throw fail(x);            // the one fatal-error check: a fatal error marks the connection broken
 * }
 * </pre>
 *
 * The few methods that need more (close, isClosed, unwrap, the connection settings the pool restores) are written by
 * hand, as {@code final} methods of the hand-written base class, and named in {@link #SPECS}: if a name here and the
 * base class disagree the build fails (a generated method cannot override a final one, and a method in neither leaves
 * the concrete wrapper abstract). Files are rewritten only when their text changes.
 */
public final class JdbcWrapperGenerator {

    private static final String PACKAGE = "dev.ballast.internal.pool";

    /**
     * One generated class. {@code hooks} wrap a result, by its type; {@code before} names a check to call before the
     * driver, by method name: with the SQL text ({@code a0}) when the method's first parameter is a {@code String},
     * else with no argument.
     */
    record Spec(String iface, String parentIface, String className, String header, String constructorParams,
            String delegateType, Set<String> handWritten, Map<String, String> hooks, Map<String, String> before) {

        Spec(String iface, String parentIface, String className, String header, String constructorParams,
                String delegateType, Set<String> handWritten, Map<String, String> hooks) {
            this(iface, parentIface, className, header, constructorParams, delegateType, handWritten, hooks, Map.of());
        }
    }

    private static final Map<String, String> STATEMENT_HOOKS = Map.of("java.sql.ResultSet", "resultSet",
            "java.sql.ResultSetMetaData", "resultSetMetaData", "java.sql.ParameterMetaData", "parameterMetaData");

    /**
     * Whatever runs SQL first passes {@code beforeExecute} (behind a transaction-mode PgBouncer: the session-only SQL
     * check, and the isolation level of a transaction about to begin); SQL queued for a batch is only checked.
     */
    private static final Map<String, String> STATEMENT_BEFORE = Map.of("execute", "beforeExecute",
            "executeQuery", "beforeExecute", "executeUpdate", "beforeExecute", "executeLargeUpdate", "beforeExecute",
            "executeBatch", "beforeExecute", "executeLargeBatch", "beforeExecute", "addBatch", "checkSql");

    private static final Map<String, String> PREPARED_BEFORE = Map.of("execute", "beforeExecute",
            "executeQuery", "beforeExecute", "executeUpdate", "beforeExecute", "executeLargeUpdate", "beforeExecute");

    static final List<Spec> SPECS = List.of(
            new Spec("java.sql.Connection", null, "ConnectionDelegation",
                    "abstract class ConnectionDelegation extends ConnectionWrapper", "PoolEntry entry",
                    "java.sql.Connection",
                    Set.of("close", "isClosed", "abort", "isValid", "unwrap", "isWrapperFor", "setAutoCommit",
                            "setTransactionIsolation", "getTransactionIsolation", "setReadOnly", "setCatalog",
                            "setSchema", "setNetworkTimeout", "setTypeMap", "setHoldability", "setClientInfo"),
                    Map.of("java.sql.Statement", "adopt", "java.sql.PreparedStatement", "adopt",
                            "java.sql.CallableStatement", "adopt", "java.sql.DatabaseMetaData", "metaData")),
            new Spec("java.sql.Statement", null, "StatementDelegation",
                    "abstract class StatementDelegation<S extends java.sql.Statement> extends StatementWrapper<S>",
                    "ConnectionWrapper connection, S delegate", "S",
                    Set.of("close", "isClosed", "getConnection", "unwrap", "isWrapperFor"), STATEMENT_HOOKS,
                    STATEMENT_BEFORE),
            new Spec("java.sql.PreparedStatement", "java.sql.Statement", "PreparedStatementDelegation",
                    "abstract class PreparedStatementDelegation<S extends java.sql.PreparedStatement>\n"
                            + "        extends StatementDelegation<S> implements java.sql.PreparedStatement",
                    "ConnectionWrapper connection, S delegate", "S", Set.of(), STATEMENT_HOOKS, PREPARED_BEFORE),
            new Spec("java.sql.CallableStatement", "java.sql.PreparedStatement", "CallableStatementDelegation",
                    "abstract class CallableStatementDelegation<S extends java.sql.CallableStatement>\n"
                            + "        extends PreparedStatementDelegation<S> implements java.sql.CallableStatement",
                    "ConnectionWrapper connection, S delegate", "S", Set.of(), STATEMENT_HOOKS),
            new Spec("java.sql.ResultSet", null, "ResultSetDelegation",
                    "abstract class ResultSetDelegation extends ResultSetWrapper",
                    "java.sql.Statement statement, ConnectionWrapper connection, java.sql.ResultSet delegate",
                    "java.sql.ResultSet",
                    Set.of("close", "isClosed", "getStatement", "unwrap", "isWrapperFor"),
                    Map.of("java.sql.ResultSetMetaData", "resultSetMetaData")),
            new Spec("java.sql.DatabaseMetaData", null, "DatabaseMetaDataDelegation",
                    "abstract class DatabaseMetaDataDelegation extends MetaDataWrapper",
                    "ConnectionWrapper connection, java.sql.DatabaseMetaData delegate", "java.sql.DatabaseMetaData",
                    Set.of("getConnection", "unwrap", "isWrapperFor", "getDriverMajorVersion", "getDriverMinorVersion"),
                    STATEMENT_HOOKS),
            new Spec("java.sql.ResultSetMetaData", null, "ProxyResultSetMetaData",
                    "final class ProxyResultSetMetaData extends MetaDataHandle<java.sql.ResultSetMetaData>\n"
                            + "        implements java.sql.ResultSetMetaData",
                    "ConnectionWrapper connection, java.sql.ResultSetMetaData delegate", "java.sql.ResultSetMetaData",
                    Set.of("unwrap", "isWrapperFor"), Map.of()),
            new Spec("java.sql.ParameterMetaData", null, "ProxyParameterMetaData",
                    "final class ProxyParameterMetaData extends MetaDataHandle<java.sql.ParameterMetaData>\n"
                            + "        implements java.sql.ParameterMetaData",
                    "ConnectionWrapper connection, java.sql.ParameterMetaData delegate", "java.sql.ParameterMetaData",
                    Set.of("unwrap", "isWrapperFor"), Map.of()));

    private final Elements elements;
    private final Types types;

    private JdbcWrapperGenerator(Elements elements, Types types) {
        this.elements = elements;
        this.types = types;
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: JdbcWrapperGenerator <output source root>");
        }
        JavacTask javac = (JavacTask) ToolProvider.getSystemJavaCompiler()
                .getTask(null, null, null, List.of("--release", "17"), null, null);
        JdbcWrapperGenerator generator = new JdbcWrapperGenerator(javac.getElements(), javac.getTypes());
        Path dir = Path.of(args[0]).resolve(PACKAGE.replace('.', '/'));
        Files.createDirectories(dir);
        Set<String> written = new TreeSet<>();
        int methods = 0;
        for (Spec spec : SPECS) {
            List<ExecutableElement> own = generator.ownMethods(spec);
            methods += own.size();
            String file = spec.className() + ".java";
            writeIfChanged(dir.resolve(file), generator.render(spec, own));
            written.add(file);
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path stale : files.filter(p -> !written.contains(p.getFileName().toString())).collect(
                    Collectors.toList())) {
                Files.delete(stale);
            }
        }
        System.out.println("JdbcWrapperGenerator: " + methods + " delegating methods in " + written.size()
                + " classes under " + dir);
    }

    private static void writeIfChanged(Path file, String text) throws IOException {
        if (Files.exists(file) && Files.readString(file, StandardCharsets.UTF_8).equals(text)) {
            return;
        }
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    /** The instance methods of the spec's interface that its parent interface does not already have. */
    private List<ExecutableElement> ownMethods(Spec spec) {
        Map<String, ExecutableElement> methods = interfaceMethods(spec.iface());
        if (spec.parentIface() != null) {
            methods.keySet().removeAll(interfaceMethods(spec.parentIface()).keySet());
        }
        List<ExecutableElement> own = new ArrayList<>();
        for (ExecutableElement m : methods.values()) {
            if (spec.handWritten().contains(m.getSimpleName().toString())) {
                continue;
            }
            own.add(m);
        }
        return own;
    }

    private Map<String, ExecutableElement> interfaceMethods(String name) {
        TypeElement type = elements.getTypeElement(name);
        if (type == null) {
            throw new IllegalStateException(name + " not found");
        }
        Map<String, ExecutableElement> methods = new LinkedHashMap<>();
        for (ExecutableElement m : ElementFilter.methodsIn(elements.getAllMembers(type))) {
            if (m.getEnclosingElement().getKind() != ElementKind.INTERFACE
                    || m.getModifiers().contains(Modifier.STATIC)
                    || m.getModifiers().contains(Modifier.PRIVATE)) {
                continue;
            }
            methods.putIfAbsent(signature(m), m);
        }
        return methods;
    }

    private String signature(ExecutableElement m) {
        return m.getSimpleName() + m.getParameters().stream().map(p -> types.erasure(p.asType()).toString())
                .collect(Collectors.joining(",", "(", ")"));
    }

    private String render(Spec spec, List<ExecutableElement> methods) {
        StringBuilder out = new StringBuilder();
        out.append("package ").append(PACKAGE).append(";\n\n")
                .append("/**\n")
                .append(" * Generated by JdbcWrapperGenerator from {@code ").append(spec.iface())
                .append("} (Java 17): do not edit. Every method checks that the handle is open,\n")
                .append(" * calls the driver, and passes any SQLException through the one fatal-error check.\n")
                .append(" */\n")
                .append("@SuppressWarnings(\"deprecation\")\n")
                .append(spec.header()).append(" {\n\n")
                .append("    ").append(spec.className()).append('(').append(spec.constructorParams()).append(") {\n")
                .append("        super(").append(Stream.of(spec.constructorParams().split(","))
                        .map(p -> p.trim().substring(p.trim().lastIndexOf(' ') + 1)).collect(Collectors.joining(", ")))
                .append(");\n    }\n");
        for (ExecutableElement m : methods) {
            out.append('\n');
            renderMethod(spec, m, out);
        }
        out.append("}\n");
        return out.toString();
    }

    private void renderMethod(Spec spec, ExecutableElement m, StringBuilder out) {
        String name = m.getSimpleName().toString();
        List<? extends TypeMirror> thrown = m.getThrownTypes();
        if (thrown.size() != 1 || !thrown.get(0).toString().equals("java.sql.SQLException")) {
            throw new IllegalStateException(spec.iface() + "." + name + " throws " + thrown
                    + ": not the generated shape; write it by hand and list it in the spec");
        }
        TypeMirror ret = m.getReturnType();
        String returnType = ret.toString();
        String hook = spec.hooks().get(returnType);
        out.append("    @Override\n");
        if (elements.isDeprecated(m)) {
            out.append("    @Deprecated\n");
        }
        out.append("    public final ");
        if (!m.getTypeParameters().isEmpty()) {
            out.append(m.getTypeParameters().stream().map(this::typeParameter)
                    .collect(Collectors.joining(", ", "<", "> ")));
        }
        List<String> params = new ArrayList<>();
        List<String> args = new ArrayList<>();
        int i = 0;
        for (VariableElement p : m.getParameters()) {
            params.add(p.asType() + " a" + i);
            args.add("a" + i);
            i++;
        }
        out.append(returnType).append(' ').append(name).append('(').append(String.join(", ", params))
                .append(") throws java.sql.SQLException {\n")
                .append("        ").append(spec.delegateType()).append(" d = open();\n")
                .append("        try {\n");
        String before = spec.before().get(name);
        if (before != null) {
            boolean sql = !m.getParameters().isEmpty()
                    && m.getParameters().get(0).asType().toString().equals("java.lang.String");
            out.append("            ").append(before).append(sql ? "(a0);\n" : "();\n");
        }
        out.append("            ");
        String call = "d." + name + "(" + String.join(", ", args) + ")";
        if (returnType.equals("void")) {
            out.append(call).append(";\n");
        } else if (hook != null) {
            out.append("return ").append(hook).append('(').append(call).append(");\n");
        } else {
            out.append("return ").append(call).append(";\n");
        }
        out.append("        } catch (java.sql.SQLException x) {\n")
                .append("            throw fail(x);\n")
                .append("        }\n")
                .append("    }\n");
    }

    private String typeParameter(TypeParameterElement t) {
        List<? extends TypeMirror> bounds = t.getBounds();
        if (bounds.isEmpty() || (bounds.size() == 1 && bounds.get(0).toString().equals("java.lang.Object"))) {
            return t.getSimpleName().toString();
        }
        return t.getSimpleName() + " extends "
                + bounds.stream().map(TypeMirror::toString).collect(Collectors.joining(" & "));
    }
}
