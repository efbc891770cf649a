package org.touchpoint.dev;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

/**
 * The development mail server, as a child process of the launcher: {@code MailServerMain <smtp port> <imap port>}.
 * GreenMail accepts every message the services send over SMTP and keeps it in memory; read a recipient's mail
 * over IMAP with the recipient's address as user name and password (accounts are created on first use).
 * Nothing leaves the machine: it is a sink, not a relay.
 */
public final class MailServerMain {

    private MailServerMain() {
    }

    public static void main(String[] args) {
        if (args.length != 2) {
            System.err.println("usage: MailServerMain <smtp port> <imap port>");
            System.exit(2);
        }
        int smtp = Integer.parseInt(args[0]);
        int imap = Integer.parseInt(args[1]);
        GreenMail mail = new GreenMail(new ServerSetup[] {
                new ServerSetup(smtp, "127.0.0.1", ServerSetup.PROTOCOL_SMTP),
                new ServerSetup(imap, "127.0.0.1", ServerSetup.PROTOCOL_IMAP)});
        mail.withConfiguration(com.icegreen.greenmail.configuration.GreenMailConfiguration.aConfig().withDisabledAuthentication());
        mail.start();
        Runtime.getRuntime().addShutdownHook(new Thread(mail::stop, "mail-shutdown"));
        System.out.println("Development mail server: SMTP on 127.0.0.1:" + smtp + ", IMAP on 127.0.0.1:" + imap
                + " (user and password = the recipient's address)");
    }
}
