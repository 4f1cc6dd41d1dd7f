/** Bounded, regular-file-only reads of an installation's files, and warnings about them said once. */
package com.trafikito.agent.files;
