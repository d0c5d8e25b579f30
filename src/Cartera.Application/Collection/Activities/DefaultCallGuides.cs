using Cartera.Domain.Collection.Activities;

namespace Cartera.Application.Collection.Activities;

/// <summary>
/// The shipped call guides, in Spanish, one per stage: the script follows seed 003 (open and control the call, say who
/// calls and why, the three C's of collection — cuánto, cuándo, cómo —, record the commitment and follow it up) and the
/// objection answers seed 000 (listen with empathy, "negociar objeciones", offer a reachable agreement; an in-person
/// appointment for high balances). No threats, no disclosure to third parties (RULES §7).
/// </summary>
public static class DefaultCallGuides
{
    private const string Opening =
        "1. Salude, diga su nombre y la entidad, y confirme que habla con el titular antes de mencionar la deuda (si no es el titular, no revele nada: pregunte cuándo encontrarlo).\n"
        + "2. Informe que la llamada puede ser grabada.\n";

    private const string Closing =
        "Cierre: resuma el compromiso (cuánto, cuándo y cómo), confirme el medio de pago, agradezca y registre la gestión con el resultado, la causa del no pago y la próxima acción.";

    public static IReadOnlyList<CallGuide> All { get; } =
    [
        new(
            CollectionStage.Preventive,
            Opening
            + "3. Motivo: recordarle que su cuota vence el día indicado y el valor exacto a pagar.\n"
            + "4. Pregunte si tiene previsto el pago y ofrezca los canales de pago.\n"
            + Closing,
            [
                new("Ya pagué.", "Agradezca, pida la fecha y el medio del pago y regístrelo para verificarlo; no insista."),
                new("No sabía que vencía.", "Indique la fecha de vencimiento y el valor de la cuota, y ofrezca recordatorios por el canal que prefiera."),
            ]),
        new(
            CollectionStage.Early,
            Opening
            + "3. Motivo: su obligación presenta una cuota vencida; indique el valor vencido y los días de mora.\n"
            + "4. Escuche con empatía la causa del retraso y regístrela.\n"
            + "5. Negocie las 3 C: cuánto paga, cuándo (fecha concreta) y cómo (canal de pago).\n"
            + Closing,
            [
                new("Se me olvidó.", "Ofrezca pagar hoy por el canal más cómodo y acuerde una fecha concreta; registre la promesa."),
                new("No tengo dinero ahora.", "Pregunte cuánto puede pagar y cuándo recibe ingresos; acuerde un abono con fecha y evite que la mora aumente."),
                new("Llámeme después.", "Acuerde día y hora exactos para volver a llamar y registre la gestión como «Volver a llamar»."),
            ]),
        new(
            CollectionStage.Late,
            Opening
            + "3. Motivo: la obligación tiene más de 30 días de mora; informe el valor vencido, los intereses de mora y el efecto en su historial de crédito.\n"
            + "4. Identifique la causa del no pago (desempleo, enfermedad, sobreendeudamiento, cierre del negocio…).\n"
            + "5. Proponga una solución posible: pago del vencido, abono con fecha o un acuerdo de pago según su capacidad.\n"
            + Closing,
            [
                new("Perdí el empleo.", "Muestre comprensión, pregunte por otros ingresos y ofrezca un acuerdo de pago con cuotas que pueda cumplir."),
                new("Tengo otras deudas.", "Explique el beneficio de normalizar esta obligación y proponga un acuerdo de pago a la medida."),
                new("No estoy de acuerdo con el valor.", "Explique el cálculo (capital, intereses, mora); si persiste, registre la gestión como «Disputa» para revisión."),
            ]),
        new(
            CollectionStage.PreLegal,
            Opening
            + "3. Motivo: la obligación está en cobro prejurídico; informe el saldo total y que la entidad puede iniciar acciones legales.\n"
            + "4. Ofrezca las alternativas vigentes: acuerdo de pago, descuento autorizado o cita presencial si el saldo es alto.\n"
            + "5. Negocie las 3 C y deje el compromiso por escrito.\n"
            + Closing,
            [
                new("No puedo pagar el total.", "Proponga un acuerdo de pago con cuota inicial y cuotas; si aplica, un descuento autorizado sobre intereses."),
                new("Quiero hablar en persona.", "Acuerde una cita presencial con fecha y lugar y regístrela como próxima acción."),
                new("Voy a demandar.", "Mantenga la calma, no amenace; registre la gestión como «Disputa» y remita al supervisor."),
            ]),
        new(
            CollectionStage.Legal,
            Opening
            + "3. Motivo: la obligación está en cobro jurídico o con una agencia; informe el estado del proceso sin amenazas ni documentos falsos.\n"
            + "4. Ofrezca la posibilidad de terminar el proceso con un pago total o un acuerdo aprobado.\n"
            + Closing,
            [
                new("Ya tengo abogado.", "Pida los datos de contacto del abogado y registre la gestión; en adelante, comuníquese por ese medio."),
                new("Esa deuda ya prescribió.", "No amenace con demanda; registre la gestión como «Disputa» y remita al área jurídica."),
            ]),
    ];

    /// <summary>The stage's guide; the agency and written-off stages (no DPD reaches them) use the legal stage's text.</summary>
    public static CallGuide For(CollectionStage stage) =>
        All.FirstOrDefault(g => g.Stage == stage) ?? All.First(g => g.Stage == CollectionStage.Legal) with { Stage = stage };
}
