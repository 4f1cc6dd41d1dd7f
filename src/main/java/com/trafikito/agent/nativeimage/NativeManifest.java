package com.trafikito.agent.nativeimage;

import java.util.List;

import com.trafikito.agent.api.GetConfigRequest;
import com.trafikito.agent.api.RegistrationRequest;
import com.trafikito.agent.api.WidgetCommandRequest;
import com.trafikito.agent.config.AgentPropertiesSourceFactory;
import com.trafikito.agent.config.DaemonDefaults;
import com.trafikito.agent.state.StateSnapshot;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Everything the agent reaches by reflection, as a class-path resource or through service loading: what a
 * native image must be told, because its closed world keeps only what the build can see. One list, which the
 * native registration and the JVM-side checks share:
 * <ul>
 * <li>the annotation registers {@link #jsonTypes()} for reflection (Jackson binds them by their accessors);</li>
 * <li>{@code quarkus.native.resources.includes} in application.properties names exactly {@link #RESOURCES};</li>
 * <li>{@code META-INF/services/io.smallrye.config.ConfigSourceFactory} names exactly {@link #CONFIG_SOURCE_FACTORIES},
 * which Quarkus instantiates from generated code, the native image having no service loader of its own.</li>
 * </ul>
 * The tests replay each entry on the JVM and scan the agent's bytecode for any reflection, resource or
 * service-loader use that is not listed here; the native-sources check reads what the build registered.
 */
@RegisterForReflection(targets = { GetConfigRequest.class, RegistrationRequest.class, WidgetCommandRequest.class,
        StateSnapshot.class })
public final class NativeManifest {

    /** The bundled sample whitelist: the 16 default commands. */
    public static final String SAMPLE_WHITELIST = "sample/available_commands.sh";

    /** docker/jvm.options, for {@code agent install} to write {@code etc/jvm.options}. */
    public static final String JVM_OPTIONS = "packaging/jvm.options";

    /** Class-path resources the agent reads, relative to the class-path root. */
    public static final List<String> RESOURCES = List.of(SAMPLE_WHITELIST, JVM_OPTIONS);

    /** The agent's config source factories, listed in META-INF/services. */
    public static final List<Class<?>> CONFIG_SOURCE_FACTORIES = List.of(AgentPropertiesSourceFactory.class,
            DaemonDefaults.class);

    private NativeManifest() {
    }

    /**
     * The types Jackson binds by reflection: the API's JSON request bodies and the state file. For the checks:
     * the agent itself never reads this list (in a native image the annotation is not kept for reading).
     */
    public static List<Class<?>> jsonTypes() {
        return List.of(NativeManifest.class.getAnnotation(RegisterForReflection.class).targets());
    }
}
