package com.trafikito.agent.host;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * What an install changed, with how to undo each change, so that a failure half-way leaves the machine as it
 * was ("no half-installed state"). Undo runs in reverse order and goes on past a failing step; cleanups (such
 * as deleting the previous version's files) run only once the whole install has succeeded.
 */
public final class Journal {

    /** One way to undo a change, or one cleanup. */
    @FunctionalInterface
    public interface Action {
        void run() throws Exception;
    }

    private record Step(String description, Action action) {
    }

    private final Deque<Step> undo = new ArrayDeque<>();
    private final List<Step> cleanups = new ArrayList<>();

    /** Records a change that was just made. */
    public void done(String description, Action undoIt) {
        undo.push(new Step(description, undoIt));
    }

    /** Something to do after success only, e.g. removing what a change replaced. */
    public void onSuccess(String description, Action cleanup) {
        cleanups.add(new Step(description, cleanup));
    }

    /** @return the undo steps that failed, each with its reason: the user must fix those by hand */
    public List<String> rollBack() {
        List<String> failures = new ArrayList<>();
        while (!undo.isEmpty()) {
            Step step = undo.pop();
            try {
                step.action().run();
            } catch (Exception e) {
                failures.add("could not undo: " + step.description() + " (" + e.getMessage() + ")");
            }
        }
        cleanups.clear();
        return failures;
    }

    /** @return the cleanups that failed, each with its reason; the install itself stands */
    public List<String> commit() {
        undo.clear();
        List<String> failures = new ArrayList<>();
        for (Step step : cleanups) {
            try {
                step.action().run();
            } catch (Exception e) {
                failures.add("could not " + step.description() + " (" + e.getMessage() + ")");
            }
        }
        cleanups.clear();
        return failures;
    }

    /** The changes recorded so far, oldest first. */
    public List<String> changes() {
        List<String> list = new ArrayList<>();
        undo.descendingIterator().forEachRemaining(step -> list.add(step.description()));
        return list;
    }
}
