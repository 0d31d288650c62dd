namespace Baton.Configuration;

/// <summary>One effective setting: its section and key, its value with secrets masked, and the variable that sets it.</summary>
internal sealed record EffectiveSetting(string Section, string Key, string Value, string Variable);
