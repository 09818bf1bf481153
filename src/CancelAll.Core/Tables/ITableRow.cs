using Azure;

namespace CancelAll.Core.Tables;

/// <summary>A row of the app's table: its keys, and the ETag it was read with (every conditional write names it).</summary>
public interface ITableRow
{
    string PartitionKey { get; }

    string RowKey { get; }

    /// <summary>The row's version as read; default for a row not read from the table.</summary>
    ETag ETag { get; set; }
}
