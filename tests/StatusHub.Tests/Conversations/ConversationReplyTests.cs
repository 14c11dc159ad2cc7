using StatusHub.Audit;
using StatusHub.Channels.Templates;
using StatusHub.Conversations;
using StatusHub.Staff.Telegram;
using StatusHub.Tests.Subscribers;
using Microsoft.Extensions.DependencyInjection;

namespace StatusHub.Tests.Conversations;

/// <summary>Customers in the bot's private chats, and staff's answers from the page or the staff chat, out through the outbox.</summary>
public sealed class ConversationReplyTests
{
    private const string Customer = "4242";

    [Fact]
    public async Task AStaffReplyReachesTheCustomersAddressByTheBackupEmailChannelWithoutAnUnsubscribeLinkAndSaysHowToAnswer()
    {
        await using var app = await ConversationApp.StartAsync();
        using var client = app.Browser();
        await ConversationApp.ContactAsync(client, "ann@example.org", "Where is my mail?\nSecond line");
        var conversation = Assert.Single(app.Conversations.Search(null, null));

        app.Conversations.Reply(conversation.Id, "It is delayed; it will arrive within the hour.", "oncall@example.com");
        var mail = Assert.Single(await app.Sink.WaitForAsync("ann@example.org", 1));

        Assert.Equal("Re: your message to StatusHub", mail.Message.Subject);
        Assert.Contains("It is delayed; it will arrive within the hour.", mail.Message.TextBody);
        Assert.Contains("> Where is my mail?\n> Second line", mail.Message.TextBody!.ReplaceLineEndings("\n"));
        Assert.Contains("If our mail is down, reach us here: https://status.example.com/contact", mail.Message.TextBody);
        Assert.Contains("To answer, write to us at https://status.example.com/contact with this email address: a reply to this email may not reach us.", mail.Message.TextBody);
        Assert.Contains("To answer, write to us at <a href=\"https://status.example.com/contact\">", mail.Message.HtmlBody);
        Assert.DoesNotContain("Unsubscribe", mail.Message.TextBody, StringComparison.OrdinalIgnoreCase);
        Assert.Null(mail.Message.Headers["List-Unsubscribe"]);
        var thread = await WaitForDeliveryAsync(app, conversation.Id, "sent");
        Assert.Equal([MessageDirection.In, MessageDirection.Out], thread.Messages.Select(m => m.Message.Direction));
        Assert.Equal("oncall@example.com", thread.Messages[1].Message.StaffEmail);
        Assert.Contains(app.Audit(), e => e.Action == "conversation.replied" && e.Actor == "oncall@example.com" && e.Subject == Conversation.AuditSubject(conversation.Id));
    }

    [Fact]
    public async Task AConversationWaitsForAnAnswerUntilStaffReplyAndAgainOnceTheCustomerWritesBack()
    {
        await using var app = await ConversationApp.StartAsync();
        using var client = app.Browser();
        await ConversationApp.ContactAsync(client, "fay@example.org", "Where is my mail?");
        var conversation = Assert.Single(app.Conversations.Search(null, null));
        var waiting = app.Conversations.Unanswered([conversation]);

        app.Bot.Time.Advance(TimeSpan.FromMinutes(1));
        app.Conversations.Reply(conversation.Id, "On its way.", "oncall@example.com");
        var answered = app.Conversations.Unanswered([conversation]);
        app.Bot.Time.Advance(TimeSpan.FromMinutes(1));
        await ConversationApp.ContactAsync(client, "fay@example.org", "Still nothing.");
        var again = app.Conversations.Unanswered([conversation]);

        Assert.Equal([conversation.Id], waiting);
        Assert.Empty(answered);
        Assert.Equal([conversation.Id], again);
    }

    [Fact]
    public async Task ATelegramCustomersMessagesAreKeptInOneConversationForwardedAndAnsweredInTheirChat()
    {
        await using var app = await ConversationApp.StartAsync();

        app.Api.EnqueueMessageFrom(Customer, long.Parse(Customer), "Is webmail down?", username: "carol");
        await app.WaitForMessagesToAsync(Customer, 1);
        app.Api.EnqueueMessageFrom(Customer, long.Parse(Customer), "Still nothing.", username: "carol");
        await app.WaitForMessagesToAsync(ConversationApp.StaffChat, 2);
        var conversation = Assert.Single(app.Conversations.Search(null, null));
        app.Conversations.Reply(conversation.Id, "Yes, we are on it.", "oncall@example.com");
        var toCustomer = await app.WaitForMessagesToAsync(Customer, 2);

        var answers = toCustomer.Where(c => c.ChatId == Customer && c.Method == "sendMessage").ToList();
        Assert.Equal(2, answers.Count);
        Assert.StartsWith("Thanks, the team has your message", answers[0].Text);
        Assert.Contains("Yes, we are on it.", answers[1].Text);
        var forwards = app.MessagesTo(ConversationApp.StaffChat);
        Assert.All(forwards, f => Assert.Contains("@carol on Telegram", f.Text));
        Assert.Equal((Customer, "carol"), (conversation.Address, conversation.TelegramHandle));
    }

    [Fact]
    public async Task ACustomerWhoseTelegramReadsGermanIsThankedAndAnsweredInGerman()
    {
        await using var app = await ConversationApp.StartAsync();

        app.Api.EnqueueMessageFrom(Customer, long.Parse(Customer), "Ist das Webmail gestört?", username: "dora", languageCode: "de-AT");
        var thanks = (await app.WaitForMessagesToAsync(Customer, 1)).Single(c => c.ChatId == Customer);
        var conversation = Assert.Single(app.Conversations.Search(null, null));
        app.Conversations.Reply(conversation.Id, "Ja, wir sind dran.", "oncall@example.com");
        var reply = (await app.WaitForMessagesToAsync(Customer, 2)).Where(c => c.ChatId == Customer).Last();

        Assert.StartsWith("Danke, das Team hat Ihre Nachricht erhalten", thanks.Text);
        Assert.Contains("/components – die Komponenten wählen", thanks.Text);
        Assert.Equal("de", conversation.Language);
        Assert.Contains("Antwort vom Team von StatusHub", reply.Text);
        Assert.Contains("Ja, wir sind dran.", reply.Text);
    }

    [Fact]
    public async Task AGermanCustomersTooLongMessageIsRefusedInGermanAndKeepsNothing()
    {
        await using var app = await ConversationApp.StartAsync();

        app.Api.EnqueueMessageFrom(Customer, long.Parse(Customer), new string('x', 4050), username: "dora", languageCode: "de");
        var refusal = (await app.WaitForMessagesToAsync(Customer, 1)).Single(c => c.ChatId == Customer);

        Assert.Equal("Die Nachricht ist zu lang: 4050 Zeichen, höchstens 4000.", refusal.Text);
        Assert.Empty(app.Conversations.Search(null, null));
    }

    [Fact]
    public async Task APhotosCaptionIsKeptAsTheMessageAndTheCustomerIsToldInTheirLanguageThatThePhotoWasNot()
    {
        await using var app = await ConversationApp.StartAsync();

        app.Api.EnqueuePhotoFrom(Customer, long.Parse(Customer), "Diese Fehlermeldung kommt beim Anmelden.", languageCode: "de");
        var answer = (await app.WaitForMessagesToAsync(Customer, 1)).Single(c => c.ChatId == Customer);
        var forward = (await app.WaitForMessagesToAsync(ConversationApp.StaffChat, 1)).Single(c => c.ChatId == ConversationApp.StaffChat);

        Assert.StartsWith("Danke, das Team hat Ihre Nachricht erhalten", answer.Text);
        Assert.Contains(MessageWords.Get("bot.attachment_not_kept", "de"), answer.Text);
        Assert.Contains("Diese Fehlermeldung kommt beim Anmelden.", forward.Text);
    }

    [Fact]
    public async Task APhotoWithoutACaptionKeepsNothingAndAsksForText()
    {
        await using var app = await ConversationApp.StartAsync();

        app.Api.EnqueuePhotoFrom(Customer, long.Parse(Customer), caption: null);
        var answer = (await app.WaitForMessagesToAsync(Customer, 1)).Single(c => c.ChatId == Customer);

        Assert.Equal(MessageWords.Get("bot.send_text", "en"), answer.Text);
        Assert.Empty(app.Conversations.Search(null, null));
    }

    [Fact]
    public async Task ALinkedStaffMembersReplyInTheStaffChatReachesTheCustomerUnderTheirName()
    {
        await using var app = await ConversationApp.StartAsync();
        app.LinkStaff();
        using var client = app.Browser();
        await ConversationApp.ContactAsync(client, "dan@example.org", "No mail since noon.");
        var forward = (await app.WaitForMessagesToAsync(ConversationApp.StaffChat, 1)).Last(c => c.ChatId == ConversationApp.StaffChat);
        await app.WaitForStoredAsync(m => m.ForwardedMessageId == forward.MessageId);

        app.Api.EnqueueMessageFrom(ConversationApp.StaffChat, ConversationApp.StaffUserId, "Fixed at 13:05, resent.", forward.MessageId, "oncall");
        var mail = Assert.Single(await app.Sink.WaitForAsync("dan@example.org", 1));
        var confirmation = await app.WaitForMessagesToAsync(ConversationApp.StaffChat, 2);

        Assert.Contains("Fixed at 13:05, resent.", mail.Message.TextBody);
        Assert.Contains("Answer queued to dan@example.org", confirmation.Last(c => c.ChatId == ConversationApp.StaffChat).Text);
        var conversation = Assert.Single(app.Conversations.Search(null, null));
        Assert.Equal(ConversationApp.StaffEmail, app.Conversations.Thread(conversation.Id)!.Messages[1].Message.StaffEmail);
        Assert.Contains(app.Audit(), e => e.Action == "conversation.replied" && e.Actor == ConversationApp.StaffEmail);
    }

    [Fact]
    public async Task AnAnswerFromTheStaffChatToACustomerWhoBlockedTheBotIsReportedAsFailedInReplyToIt()
    {
        await using var app = await ConversationApp.StartAsync();
        app.LinkStaff();
        app.Api.EnqueueMessageFrom(Customer, long.Parse(Customer), "Is webmail down?", username: "carol");
        await app.WaitForMessagesToAsync(Customer, 1);
        var forward = (await app.WaitForMessagesToAsync(ConversationApp.StaffChat, 1)).Last(c => c.ChatId == ConversationApp.StaffChat);
        await app.WaitForStoredAsync(m => m.ForwardedMessageId == forward.MessageId);
        app.Api.FailChat(Customer, new TelegramFault(403, "Forbidden: bot was blocked by the user"));

        var staffMessage = app.Api.EnqueueMessageFrom(ConversationApp.StaffChat, ConversationApp.StaffUserId, "Yes, fixed soon.", forward.MessageId, "oncall");
        var inStaffChat = (await app.WaitForMessagesToAsync(ConversationApp.StaffChat, 3)).Where(c => c.ChatId == ConversationApp.StaffChat && c.Method == "sendMessage" && c.Succeeded).ToList();

        Assert.Contains("Answer queued to @carol on Telegram", inStaffChat[1].Text);
        Assert.Contains("Your answer to @carol on Telegram did not reach them", inStaffChat[2].Text);
        Assert.Contains("bot was blocked by the user", inStaffChat[2].Text);
        Assert.Equal(staffMessage["message"]!["message_id"]!.GetValue<int>(), inStaffChat[2].ReplyTo);
    }

    [Fact]
    public async Task AReplyInTheStaffChatFromSomeoneNotLinkedSendsNothingIsAuditedAndTheyAreToldItWasNotSent()
    {
        await using var app = await ConversationApp.StartAsync();
        using var client = app.Browser();
        await ConversationApp.ContactAsync(client, "erin@example.org", "Hello?");
        var forward = (await app.WaitForMessagesToAsync(ConversationApp.StaffChat, 1)).Last(c => c.ChatId == ConversationApp.StaffChat);
        await app.WaitForStoredAsync(m => m.ForwardedMessageId == forward.MessageId);

        var reply = app.Api.EnqueueMessageFrom(ConversationApp.StaffChat, 9999, "Send them spam", forward.MessageId, "stranger");
        app.Api.EnqueueMessageFrom(Customer, long.Parse(Customer), "After the stranger");
        await app.WaitForMessagesToAsync(Customer, 1);
        await app.Api.WaitForAsync(calls => calls.Any(c => c.ChatId == ConversationApp.StaffChat && c.ReplyTo is not null));

        var told = app.MessagesTo(ConversationApp.StaffChat).Single(m => m.ReplyTo is not null);
        Assert.StartsWith("Not sent: only staff whose Telegram is linked", told.Text);
        Assert.Equal(reply["message"]!["message_id"]!.GetValue<int>(), told.ReplyTo);
        Assert.Empty(app.Sink.Received);
        var conversation = app.Conversations.Search("erin", null).Single();
        Assert.Single(app.Conversations.Thread(conversation.Id)!.Messages);
        Assert.Contains(app.Audit(), e => e.Action == "telegram.staff-refused" && e.Subject == TelegramStaff.AuditSubject(9999));
    }

    [Fact]
    public async Task ACustomerOverTheChatLimitIsToldOnceInTheirLanguageThatTheMessageDidNotReachTheTeam()
    {
        await using var app = await ConversationApp.StartAsync(("Conversations:MessagesPerChatPerHour", "1"));

        app.Api.EnqueueMessageFrom(Customer, long.Parse(Customer), "Ist das Webmail gestört?", languageCode: "de");
        app.Api.EnqueueMessageFrom(Customer, long.Parse(Customer), "Seit heute früh.", languageCode: "de");
        app.Api.EnqueueMessageFrom(Customer, long.Parse(Customer), "Konto 4711.", languageCode: "de");
        app.Api.EnqueueMessageFrom("5151", 5151, "Another customer, after the three");
        await app.WaitForMessagesToAsync("5151", 1);

        var answers = app.MessagesTo(Customer);
        Assert.Equal(2, answers.Count);
        Assert.StartsWith("Danke, das Team hat Ihre Nachricht erhalten", answers[0].Text);
        Assert.Equal(
            "Aus diesem Chat kamen in der letzten Stunde viele Nachrichten. Diese Nachricht hat das Team nicht erreicht: Bitte schreiben Sie sie in 60 Minuten erneut.",
            answers[1].Text);
        var conversation = app.Conversations.Search(null, null).Single(c => c.Address == Customer);
        Assert.Single(app.Conversations.Thread(conversation.Id)!.Messages);
    }

    [Fact]
    public async Task LinkedStaffsStrayTextToTheBotIsNoCustomersQuestion()
    {
        await using var app = await ConversationApp.StartAsync();
        app.LinkStaff();
        var staffChat = ConversationApp.StaffUserId.ToString(System.Globalization.CultureInfo.InvariantCulture);

        app.Api.EnqueueMessageFrom(staffChat, ConversationApp.StaffUserId, "hello bot", username: "oncall");
        var answer = (await app.WaitForMessagesToAsync(staffChat, 1)).Last(c => c.ChatId == staffChat);

        Assert.Equal(0, app.StoredMessages());
        Assert.DoesNotContain("Thanks, the team has your message", answer.Text);
    }

    private static async Task<ConversationThread> WaitForDeliveryAsync(ConversationApp app, string id, string state)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (true)
        {
            var thread = app.Conversations.Thread(id)!;
            if (thread.Messages.Any(m => m.Delivery == state))
            {
                return thread;
            }

            await Task.Delay(10, limit.Token);
        }
    }
}
