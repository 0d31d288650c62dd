using Baton.Configuration;
using Baton.DataFrames.Parquet;
using Microsoft.Extensions.Options;

namespace Baton.DataFrames;

/// <summary>Checks the <c>dataframes</c> settings, reporting every problem at once with the variable that sets it.</summary>
internal sealed class DataFrameXComOptionsValidator(BatonSettingNames? names = null) : IValidateOptions<DataFrameXComOptions>
{
    private readonly BatonSettingNames _names = names ?? BatonSettingNames.Variables;

    public ValidateOptionsResult Validate(string? name, DataFrameXComOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>();
        if (options.Format is not (DataFrameXComOptions.ParquetFormat or DataFrameXComOptions.ArrowFormat))
        {
            problems.Add($"{Name("format")} must be '{DataFrameXComOptions.ParquetFormat}' or '{DataFrameXComOptions.ArrowFormat}', not '{options.Format}'");
        }

        if (options.RowGroupSize is < 1 or > DataFrameXComOptions.MaxRowGroupSize)
        {
            problems.Add($"{Name("row_group_size")} must be between 1 and {DataFrameXComOptions.MaxRowGroupSize} rows, not {options.RowGroupSize}");
        }

        if (ParquetCompressions.Find(options.ParquetCompression) is null)
        {
            problems.Add($"{Name("parquet_compression")} must be one of {string.Join(", ", ParquetCompressions.Names)}, not '{options.ParquetCompression}'");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    private string Name(string key) => _names.Of(BatonDataFramesServiceCollectionExtensions.SectionName, key);
}
