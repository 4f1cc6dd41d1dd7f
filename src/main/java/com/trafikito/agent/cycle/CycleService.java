package com.trafikito.agent.cycle;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.trafikito.agent.api.ApiGateway;
import com.trafikito.agent.api.ApiResult;
import com.trafikito.agent.api.CallBudget;
import com.trafikito.agent.commands.CommandExecutor;
import com.trafikito.agent.config.AgentVersion;
import com.trafikito.agent.config.ConfigProblem;
import com.trafikito.agent.config.IoReason;
import com.trafikito.agent.config.ServerCredentials;
import com.trafikito.agent.cycle.answer.CachedConfig;
import com.trafikito.agent.cycle.answer.ConfigAnswer;
import com.trafikito.agent.cycle.answer.ConfigAnswerParser;
import com.trafikito.agent.cycle.answer.CycleOrder;
import com.trafikito.agent.state.AgentState;
import com.trafikito.agent.state.CycleFiles;
import com.trafikito.agent.state.Stopping;
import com.trafikito.agent.text.Printable;
import com.trafikito.agent.whitelist.Whitelist;

/**
 * One cycle of PROTOCOL.md: STOP check, config and whitelist, get_config, run the whitelisted commands,
 * save_output. Never throws: every way a cycle can end is a {@link CycleReport}.
 */
@ApplicationScoped
public class CycleService {

    private static final Logger LOG = Logger.getLogger(CycleService.class);

    private final CycleInputs inputs;
    private final ApiGateway api;
    private final ErrorFeedback errors;
    private final CycleFiles files;
    private final CommandRunner runner;
    private final WidgetInstaller widgets;
    private final AgentState state;
    private final CommandExecutor executor;
    private final Stopping stopping;
    private final ConfigAnswerParser parser = new ConfigAnswerParser();
    private final Clock clock = Clock.systemUTC();
    private volatile String loggedVersion;

    @Inject
    public CycleService(CycleInputs inputs, ApiGateway api, ErrorFeedback errors, CycleFiles files,
            CommandRunner runner, WidgetInstaller widgets, AgentState state, CommandExecutor executor,
            Stopping stopping) {
        this.inputs = inputs;
        this.api = api;
        this.errors = errors;
        this.files = files;
        this.runner = runner;
        this.widgets = widgets;
        this.state = state;
        this.executor = executor;
        this.stopping = stopping;
    }

    /**
     * One cycle, within its bound (DESIGN.md, Health): the API budget of all its calls, plus the rounds of
     * {@code parallelism} commands × (timeout + kill grace) of what it runs, counted once the answer says
     * what that is. Liveness judges the cycle by that bound.
     */
    public CycleReport runOnce() {
        Instant started = clock.instant();
        CallBudget budget = api.newCycleBudget();
        long startNanos = state.cycleStarted(started, budget.total());
        api.cycleBudget(budget);
        CycleReport report;
        try {
            report = cycle(budget, startNanos);
        } catch (RuntimeException e) {
            if (stopping.began()) {
                LOG.infof("the cycle under way ended with the stop: %s", e.toString());
            } else {
                LOG.error("the cycle failed unexpectedly; the next cycle runs as planned", e);
            }
            report = CycleReport.notSaved("internal error: " + e, 0, ApiContact.NOT_COUNTED, null);
        } finally {
            api.cycleBudget(null);
        }
        Instant ended = clock.instant();
        LOG.infof("cycle %s in %d ms: %s", report.outcome().label(), ended.toEpochMilli() - started.toEpochMilli(),
                Printable.line(report.reason(), 400));
        if (stopping.began()) {
            // SIGTERM: a cycle under way sends nothing more and records nothing: its commands were killed.
            LOG.info("stopping: the last cycle's state is not recorded");
            return report;
        }
        state.cycleEnded(started, ended, report);
        return report;
    }

    private CycleReport cycle(CallBudget budget, long startNanos) {
        Optional<String> stop = files.stopAnswer();
        if (stop.isPresent()) {
            return stopped(stop.get(), false);
        }
        state.stopReason(null);

        CycleInputs.Loaded loaded;
        try {
            loaded = inputs.load();
        } catch (ConfigProblem e) {
            state.configProblem(e.getMessage());
            return CycleReport.unusable(e.getMessage());
        }
        state.configProblem(null);
        ServerCredentials credentials = loaded.credentials();
        if (loaded.whitelistRefusal() != null) {
            errors.report(credentials, ErrorCode.INVALID_COMMANDS, null, loaded.whitelistRefusal());
            state.configProblem(loaded.whitelistRefusal());
            return CycleReport.unusable(loaded.whitelistRefusal());
        }
        Whitelist whitelist = loaded.whitelist();
        CycleReport report = withApi(credentials, whitelist, budget, startNanos);
        if (stopping.began()) {
            return report; // nothing more: the beans may be going
        }
        // After the cycle's own calls: reporting invalid lines never takes the API time save_output needs.
        if (whitelist.isClean()) {
            errors.clear(ErrorCode.INVALID_COMMANDS);
        } else if (!stopping.began()) {
            errors.report(credentials, ErrorCode.INVALID_COMMANDS, null, whitelist.invalidLines().stream()
                    .map(line -> line.describe()).collect(Collectors.joining("\n")));
        }
        return report;
    }

    private CycleReport withApi(ServerCredentials credentials, Whitelist whitelist, CallBudget budget,
            long startNanos) {
        Optional<CycleOrder> cached = files.cachedAnswer().flatMap(CachedConfig::fromCache);
        String previous = cached.map(CycleOrder::callToken).orElse("");
        ApiResult result = api.getConfig(credentials, previous, budget);
        if (stopping.began()) {
            return CycleReport.notSaved("the agent is stopping: the cycle goes no further", 0, ApiContact.NOT_COUNTED,
                    null);
        }
        return result.accept(new ApiResult.Handler<>() {
            @Override
            public CycleReport answer(ApiResult.Answer answer) {
                return act(parser.parse(answer.text()), credentials, whitelist, cached, budget, startNanos);
            }

            @Override
            public CycleReport tooLarge(ApiResult.TooLarge large) {
                errors.clear(ErrorCode.API_ERROR);
                errors.report(credentials, ErrorCode.INVALID_CYCLE_DATA, null,
                        "get_config answer larger than " + large.limitBytes() + " bytes");
                return CycleReport.skipped("get_config answer larger than " + large.limitBytes() + " bytes",
                        ApiContact.ANSWERED);
            }

            @Override
            public CycleReport httpFailure(ApiResult.HttpFailure http) {
                return CycleReport.skipped("get_config answered HTTP " + http.status(), ApiContact.UNANSWERED);
            }

            @Override
            public CycleReport ioFailure(ApiResult.IoFailure io) {
                return CycleReport.unreachable("get_config: " + io.reason(), true, null);
            }
        });
    }

    /**
     * What the cycle does with each get_config answer. Every answer but the API's own error clears error 104
     * first: the error it reported is over.
     */
    private CycleReport act(ConfigAnswer answer, ServerCredentials credentials, Whitelist whitelist,
            Optional<CycleOrder> cached, CallBudget budget, long startNanos) {
        return answer.accept(new ConfigAnswer.Handler<>() {
            @Override
            public CycleReport empty() {
                errors.clear(ErrorCode.API_ERROR);
                return CycleReport.skipped("get_config answered nothing", ApiContact.ANSWERED);
            }

            @Override
            public CycleReport apiError(ConfigAnswer.ApiError error) {
                errors.report(credentials, ErrorCode.API_ERROR, error.message(), error.raw());
                return CycleReport.skipped("get_config answered an error: " + oneLine(error.message()),
                        ApiContact.ANSWERED);
            }

            @Override
            public CycleReport stop(ConfigAnswer.Stop stop) {
                errors.clear(ErrorCode.API_ERROR);
                return stopNow(stop);
            }

            @Override
            public CycleReport sameAsLast() {
                errors.clear(ErrorCode.API_ERROR);
                if (cached.isEmpty()) {
                    return skipInvalid(credentials, "`=` (same as last time) but there is no usable cached answer",
                            "=");
                }
                return run(credentials, whitelist, cached.get(), true, budget, startNanos);
            }

            @Override
            public CycleReport order(ConfigAnswer.Order order) {
                errors.clear(ErrorCode.API_ERROR);
                cache(order.order());
                return run(credentials, whitelist, order.order(), false, budget, startNanos);
            }

            @Override
            public CycleReport invalid(ConfigAnswer.Invalid invalid) {
                errors.clear(ErrorCode.API_ERROR);
                return skipInvalid(credentials, invalid.why(), invalid.raw());
            }
        });
    }

    private CycleReport run(ServerCredentials credentials, Whitelist owner, CycleOrder order, boolean fromCache,
            CallBudget budget, long startNanos) {
        errors.clear(ErrorCode.INVALID_CYCLE_DATA);
        String version = order.agentVersion().orElse(null);
        logAnnouncedVersion(version);
        int widgetCommands = fromCache || !widgets.enabled() ? 0 : order.widgets().size();
        state.cycleBound(startNanos, budget.total().plus(executor.worstCase(order.runnable().size()))
                .plus(executor.worstCase(1).multipliedBy(widgetCommands)));
        byte[] payload = runner.payload(order.runnable(), order.overCap(), widgets.effective(credentials, owner));
        if (stopping.began()) {
            return CycleReport.notSaved("the agent is stopping: the cycle's output is not sent", 0,
                    ApiContact.NOT_COUNTED, version);
        }
        long timeTook = state.snapshot().lastCycleSeconds();
        ApiResult saved = api.saveOutput(credentials, payload, timeTook, order.callToken(), budget);
        if (!fromCache) {
            // After save_output, as the original did: a widget never delays or endangers the cycle's data.
            widgets.handle(credentials, order.widgets(), owner);
        }
        int delay = order.cycleDelaySeconds();
        return saved.accept(new ApiResult.Handler<>() {
            @Override
            public CycleReport answer(ApiResult.Answer answer) {
                if (answer.isOk()) {
                    errors.clear(ErrorCode.SAVE_RESULT_FAILED);
                    return CycleReport.saved(delay, version);
                }
                errors.report(credentials, ErrorCode.SAVE_RESULT_FAILED, null, answer.text());
                return CycleReport.notSaved("save_output did not answer OK", delay, ApiContact.ANSWERED, version);
            }

            @Override
            public CycleReport tooLarge(ApiResult.TooLarge large) {
                errors.report(credentials, ErrorCode.SAVE_RESULT_FAILED, null,
                        "save_output answer larger than " + large.limitBytes() + " bytes");
                return CycleReport.notSaved("save_output answer too large", delay, ApiContact.ANSWERED, version);
            }

            @Override
            public CycleReport httpFailure(ApiResult.HttpFailure http) {
                return CycleReport.notSaved("save_output: " + http.describe(), delay, ApiContact.UNANSWERED,
                        version);
            }

            @Override
            public CycleReport ioFailure(ApiResult.IoFailure io) {
                return CycleReport.unreachable("save_output: " + io.reason(), true, version);
            }
        });
    }

    private CycleReport skipInvalid(ServerCredentials credentials, String why, String raw) {
        errors.report(credentials, ErrorCode.INVALID_CYCLE_DATA, null, raw);
        return CycleReport.skipped("get_config answer invalid: " + why, ApiContact.ANSWERED);
    }

    private CycleReport stopNow(ConfigAnswer.Stop stop) {
        errors.clear(ErrorCode.INVALID_CYCLE_DATA);
        try {
            files.writeStop(stop.raw());
        } catch (IOException e) {
            LOG.errorf("the API said STOP but %s cannot be written (%s): this cycle stops, and the next cycle "
                    + "calls get_config again", files.stopPath(), Printable.line(e.getMessage()));
        }
        return stopped(stop.raw(), true);
    }

    private CycleReport stopped(String answer, boolean calledGetConfig) {
        if (state.stopReason().isEmpty()) {
            LOG.warnf("STOPped by the API (%s): no API calls until the STOP file is removed. "
                    + "Delete %s to resume (no restart needed), or uninstall with `agent uninstall`.",
                    oneLine(answer), files.stopPath());
        }
        state.stopReason(answer);
        return CycleReport.stopped("STOPped by the API: " + oneLine(answer) + "; delete " + files.stopPath()
                + " to resume", calledGetConfig);
    }

    private void cache(CycleOrder order) {
        try {
            files.writeCachedAnswer(CachedConfig.toCache(order));
        } catch (IOException e) {
            LOG.warnf("cannot cache the answer in %s: %s", files.cachePath(), Printable.line(e.getMessage()));
        }
    }

    private void logAnnouncedVersion(String version) {
        if (version != null && !version.equals(loggedVersion)) {
            loggedVersion = version;
            LOG.infof("the API announces agent version %s (this agent is %s); this agent never replaces "
                    + "itself: upgrade through your package or image", Printable.line(version), AgentVersion.current());
        }
    }

    private static String oneLine(String text) {
        return Printable.line(text);
    }
}
