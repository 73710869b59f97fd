package com.smeplug.chat;

import java.time.Clock;
import java.time.Duration;

import com.smeplug.billing.Entitlements;
import com.smeplug.chat.knowledge.Retriever;
import com.smeplug.finetune.Specialisations;
import com.smeplug.integrations.TenantRecords;
import com.smeplug.platform.aws.Table;
import com.smeplug.platform.http.Endpoint;
import com.smeplug.plugs.PlugCatalog;
import com.smeplug.usage.UsageMeter;

/** The offline chat service wired by hand, as {@link ChatConfiguration} wires it, for the no-Spring chat baseline. */
public final class PlainChatWiring {

    private PlainChatWiring() {
    }

    /** The endpoint of POST /chat, answering offline. */
    public static Endpoint offlineChat(PlugCatalog catalog, Retriever retriever, TenantRecords records,
            Entitlements entitlements, Table table, Clock clock, UsageMeter meter, Specialisations specialisations) {
        ChatService service = new ChatService(new ReplyEngine(catalog, retriever, new OfflineResponder(records)),
                entitlements, new ChatSessions(table, clock, Duration.ofHours(72)), meter, specialisations);
        return service::handle;
    }
}
