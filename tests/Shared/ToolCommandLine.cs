using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using System.Globalization;

namespace Tchek.Events.Testing;

/// <summary>
/// The command line of the bench and the chaos run: help on stdout, errors on stderr with exit 2,
/// and a hidden <c>--parse-only</c> that lets their .sh wrappers check the switches before they
/// start any service.
/// </summary>
public sealed class ToolCommandLine
{
    /// <summary>Invalid switches or values (the conventional usage-error code).</summary>
    public const int Invalid = 2;

    /// <summary>Under <c>--parse-only</c>: help was printed, there is nothing to run.</summary>
    public const int Answered = 3;

    private readonly string _script;

    private readonly Option<bool> _parseOnly = new("--parse-only")
    {
        Hidden = true,
        Arity = ArgumentArity.Zero,
        Description = "Check the switches and answer --help, then exit: 0 valid, 2 invalid, 3 help printed.",
    };

    /// <param name="script">How the user runs the tool (<c>./bench.sh</c>): the help's usage line and the error's hint.</param>
    /// <param name="description">The help's first paragraph.</param>
    /// <param name="options">Every switch, each with a description and a default value (flags are off by default).</param>
    /// <param name="validate">Checks across switches; it adds an error to the result for each bad combination.</param>
    public ToolCommandLine(string script, string description, IEnumerable<Option> options, Action<CommandResult> validate)
    {
        _script = script;

        // A plain command, not a RootCommand: help names the script, and no --version or directives.
        Command = new Command(script, description) { Options = { new HelpOption() } };
        foreach (var option in options)
        {
            Command.Options.Add(option);
        }

        Command.Options.Add(_parseOnly);
        Command.Validators.Add(validate);
    }

    public Command Command { get; }

    /// <summary>Adds a check of the option's value: an error that names the switch, the value and <paramref name="rule"/>.</summary>
    public static Option<T> Check<T>(Option<T> option, Func<T, bool> valid, string rule)
    {
        option.Validators.Add(result =>
        {
            T? value;
            try
            {
                value = result.GetValueOrDefault<T>();
            }
            catch (InvalidOperationException)
            {
                return; // not a T at all: the parser's own error says so
            }

            if (value is not null && !valid(value))
            {
                result.AddError($"{option.Name} {Format(value)}: {rule}");
            }
        });
        return option;
    }

    /// <summary>True when the switch is on the command line, not merely defaulted.</summary>
    public static bool Given(SymbolResult result, Option option) => result.GetResult(option) is { Implicit: false };

    /// <summary>The value on the command line, else <paramref name="preset"/> (the full or the short run's).</summary>
    public static T ValueOr<T>(SymbolResult result, Option<T> option, T preset) =>
        Given(result, option) ? result.GetValue(option)! : preset;

    /// <summary>Parses without response files, so every switch the tool sees is on the command line itself.</summary>
    public ParseResult Parse(IReadOnlyList<string> args) =>
        Command.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });

    /// <summary>
    /// The exit code when there is nothing to run (help printed, invalid switches, or a valid
    /// <c>--parse-only</c>), or null when the run may start.
    /// </summary>
    public int? Answer(ParseResult result, TextWriter output, TextWriter error)
    {
        var parseOnly = result.GetValue(_parseOnly);
        if (result.Action is not null and not ParseErrorAction)
        {
            result.Invoke(new InvocationConfiguration { Output = output, Error = error });
            return parseOnly ? Answered : 0;
        }

        if (result.Errors.Count > 0)
        {
            foreach (var problem in result.Errors)
            {
                error.WriteLine($"{_script}: {problem.Message}");
            }

            error.WriteLine($"{_script} --help lists the switches and their defaults.");
            return Invalid;
        }

        return parseOnly ? 0 : null;
    }

    private static string Format<T>(T value) => value switch
    {
        IEnumerable<int> list => string.Join(',', list),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value?.ToString() ?? "",
    };
}
