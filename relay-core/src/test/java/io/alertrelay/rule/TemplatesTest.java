package io.alertrelay.rule;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplatesTest {

    @Test
    void rendersLabelsAndValuesWithFilters() {
        Map<String, String> labels = Map.of("mountpoint", "/var");
        assertThat(Templates.render("Disk {{ $labels.mountpoint }} at {{ $value | percent }}", labels, 0.934))
                .isEqualTo("Disk /var at 93.4%");
        assertThat(Templates.render("{{$value}}", labels, 3.0)).isEqualTo("3");
        assertThat(Templates.render("{{ $value | humanize }}B", labels, 1_234_567))
                .isEqualTo("1.23MB");
        assertThat(Templates.render("{{ $labels.missing }}!", labels, 0)).isEqualTo("!");
    }

    @Test
    void unknownExpressionsAreReported() {
        assertThat(Templates.problem("{{ $value | bogus }}")).contains("unknown template expression");
        assertThat(Templates.problem("fine {{ $labels.x }}")).isNull();
    }
}
