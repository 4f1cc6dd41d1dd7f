package com.trafikito.agent.api;

import java.io.InputStream;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.jboss.resteasy.reactive.client.api.ClientMultipartForm;

/**
 * Every call of the Trafikito API (PROTOCOL.md). Answers come back as streams so that
 * {@link EdgeExchange} reads at most 64 KiB of them: a 10 MB answer is never held in memory.
 */
@Path("/v2")
@RegisterRestClient(configKey = "trafikito-api")
@RegisterProvider(NonSuccessStatusMapper.class)
@Produces(MediaType.TEXT_PLAIN)
public interface TrafikitoApi {

    @POST
    @Path("/ping")
    InputStream ping();

    @POST
    @Path("/agent/get_config")
    @Consumes(MediaType.APPLICATION_JSON)
    InputStream getConfig(GetConfigRequest request);

    @POST
    @Path("/agent/save_output")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    InputStream saveOutput(ClientMultipartForm form);

    @POST
    @Path("/agent/error_feedback")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    InputStream errorFeedback(ClientMultipartForm form);

    @POST
    @Path("/widget/get-command")
    @Consumes(MediaType.APPLICATION_JSON)
    InputStream widgetGetCommand(WidgetCommandRequest request);

    @POST
    @Path("/widget/install")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    InputStream widgetInstall(ClientMultipartForm form);

    /** Registration (PROTOCOL.md 5.1): {@code file=trafikito.conf}; the answer holds server_id and api_key lines. */
    @POST
    @Path("/agent/get_agent_file")
    @Consumes(MediaType.APPLICATION_JSON)
    InputStream getAgentFileJson(@QueryParam("file") String file, RegistrationRequest request);

    /** The initial whitelist (PROTOCOL.md 5.3): {@code file=available_commands.sh}, multipart. */
    @POST
    @Path("/agent/get_agent_file")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    InputStream getAgentFileMultipart(@QueryParam("file") String file, ClientMultipartForm form);
}
