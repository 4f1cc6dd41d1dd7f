package com.trafikito.agent.api;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** The JSON body of widget/get-command. */
@RegisterForReflection
public record WidgetCommandRequest(String widgetId) {
}
