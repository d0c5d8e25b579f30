namespace Cartera.Application.Communications;

/// <summary>
/// The templates Cartera ships (seeded on migrate when missing, by code and language): the preventive reminder
/// (seed 000: the exact due date and installment value, before the due date) by e-mail and SMS, in Spanish and English.
/// The SMS texts stay within one GSM-7 segment for ordinary names and amounts.
/// </summary>
public static class DefaultMessageTemplates
{
    public const string PreventiveEmail = "recordatorio_preventivo_email";
    public const string PreventiveSms = "recordatorio_preventivo_sms";

    public static readonly IReadOnlyList<MessageTemplateInput> All =
    [
        new(PreventiveEmail, "email", "es",
            "Recordatorio: su cuota {{ installment_number }} vence el {{ due_date }}",
            """
            Hola, {{ first_name }}:

            Le recordamos que la cuota {{ installment_number }} de su obligación {{ obligation_number }} vence el {{ due_date }}, por un valor de {{ installment_value }}.

            Puede pagar con la referencia {{ payment_reference }}{% if payment_link != blank %} o en {{ payment_link }}{% endif %}.
            Si ya pagó, por favor ignore este mensaje.

            {{ lender_name }}{% if lender_phone != blank %} · {{ lender_phone }}{% endif %}
            """),
        new(PreventiveEmail, "email", "en",
            "Reminder: your installment {{ installment_number }} is due on {{ due_date }}",
            """
            Hello {{ first_name }},

            This is a reminder that installment {{ installment_number }} of your obligation {{ obligation_number }} is due on {{ due_date }}, for {{ installment_value }}.

            You can pay with reference {{ payment_reference }}{% if payment_link != blank %} or at {{ payment_link }}{% endif %}.
            If you have already paid, please disregard this message.

            {{ lender_name }}{% if lender_phone != blank %} · {{ lender_phone }}{% endif %}
            """),
        new(PreventiveSms, "sms", "es", null,
            "{{ lender_name }}: {{ first_name }}, su cuota de {{ installment_value }} vence el {{ due_date }}. Ref. {{ payment_reference }}. Si ya pago, ignore este mensaje."),
        new(PreventiveSms, "sms", "en", null,
            "{{ lender_name }}: {{ first_name }}, your installment of {{ installment_value }} is due on {{ due_date }}. Ref. {{ payment_reference }}. If already paid, ignore this message."),
    ];
}
