//! Several years side by side (the trend workbook).
