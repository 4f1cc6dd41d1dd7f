package com.trafikito.agent.api;

/** The JSON body of widget/get-command. */
public record WidgetCommandRequest(String widgetId) {
}
