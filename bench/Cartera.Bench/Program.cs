namespace Cartera.Bench;

public static class Program
{
    public static int Main()
    {
        Console.WriteLine("Cartera benchmarks: not written yet.");
        return 0;
    }
}
